using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>Up to the bound on long histories, TPE's proposals are the ones it made before the bound existed.</summary>
public sealed class TpeExactBelowTheBoundTests(ITestOutputHelper output)
{
    /// <summary>The expected strings are what the sampler proposed before the bound; 4,514 observations hold 4,096 finished.</summary>
    [Theory]
    [InlineData(60, "(0.003112561137329035, 0.9049733083054522, 3.176883851226937E-06, 3, 462) | (0.019863751748930836, 0.9289349001327453, 3.1721245593024563E-06, 3, 421) | (0.12582179206475946, 0.8618811006598559, 6.846757459088244E-06, 2, 345)")]
    [InlineData(1_000, "(0.0444703387215067, 0.8542481535254819, 2.1814100984511435E-05, 3, 129) | (0.054652260516669465, 0.8550727850615761, 6.251748835644282E-05, 3, 158) | (0.029129719087108062, 0.8947670547983777, 6.858605248627541E-05, 0, 193)")]
    [InlineData(4_514, "(0.027972740617550965, 0.9899080943674459, 0.00014403104764190505, 3, 113) | (0.016278336956405005, 0.8553656356942746, 0.00021881450831119067, 1, 29) | (0.008333300646605124, 0.8601521905522224, 0.00026402520231931466, 1, 22)")]
    public void ProposalsOnAFixedHistoryAreTheOnesMadeBeforeTheBound(int count, string expected)
    {
        var observations = TpeHistory.Of(count);
        var sampler = new TpeSampler(TpeHistory.Space, seed: 3);
        var proposals = string.Join(" | ", Enumerable.Range(0, 3).Select(k => sampler.Propose(count + k, observations).ToString()));
        output.WriteLine($"{observations.Count(o => o.IsFinished)} finished: {proposals}");
        Assert.Equal(expected, proposals);
    }
}
