using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>A trial that threw something other than bad input: its error is the message alone, one bounded line.</summary>
public sealed class TrialFaultTests
{
    [Fact]
    public void TheErrorIsTheMessageOnOneLineWithoutTheExceptionsType()
    {
        var error = TrialFault.Message(new InvalidOperationException("the model's weights are not finite\n  at Somewhere()"));
        Assert.Equal("the model's weights are not finite   at Somewhere()", error);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Fact]
    public void AWrapperSaysItsCausesMessage()
    {
        var error = TrialFault.Message(new AggregateException(new IOException("disk full")));
        Assert.Equal("disk full", error);
    }

    [Fact]
    public void AnEmptyMessageStillSaysTheTrialFailedAndALongOneIsCut()
    {
        Assert.DoesNotContain("Exception", TrialFault.Message(new NotSupportedException("")), StringComparison.Ordinal);
        Assert.NotEmpty(TrialFault.Message(new NotSupportedException("")));
        var longer = TrialFault.Message(new InvalidOperationException(new string('x', 10_000)));
        Assert.Equal(TrialFault.MaxLength + 1, longer.Length);
    }
}
