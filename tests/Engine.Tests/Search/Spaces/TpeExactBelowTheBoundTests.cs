using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>Up to the bound on long histories, TPE's proposals are the ones it made before the bound existed.</summary>
public sealed class TpeExactBelowTheBoundTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(60, "")]
    [InlineData(1_000, "")]
    [InlineData(4_514, "")]
    public void ProposalsOnAFixedHistoryAreTheOnesMadeBeforeTheBound(int count, string expected)
    {
        var observations = TpeHistory.Of(count);
        var sampler = new TpeSampler(TpeHistory.Space, seed: 3);
        var proposals = string.Join(" | ", Enumerable.Range(0, 3).Select(k => sampler.Propose(count + k, observations).ToString()));
        output.WriteLine($"{observations.Count(o => o.IsFinished)} finished: {proposals}");
        Assert.Equal(expected, proposals);
    }
}
