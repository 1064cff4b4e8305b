using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>`sweep retry RESULTS.json`: an interrupted result is completed in this process, keeping what it had.</summary>
public sealed class LocalRetryTests
{
    private const string Spec =
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":2,"pointsPerRefinement":5,"metric":"trainLoss"}}""";

    [Fact]
    public void ACancelledResultRetriedKeepsItsFinishedTrialsAndEndsAsAnUndisturbedRun()
    {
        var full = new LocalSweepRunner(1).Run(SpecParser.Parse(Spec), "s-r", TestContext.Current.CancellationToken);
        // As if cancelled during the first refinement: its trials cancelled, the second refinement never started.
        var interrupted = full with
        {
            Status = SweepStatus.Cancelled,
            Trials = [.. full.Trials.Where(t => t.Stage < 2).Select(t => t.Stage == 1 ? t with { Status = TrialStatus.Cancelled, WallSeconds = -1 } : t)],
        };
        var retried = new LocalSweepRunner(1).Retry(interrupted, TestContext.Current.CancellationToken);

        Assert.Equal(SweepStatus.Completed, retried.Status);
        Assert.Equal("s-r", retried.SweepId);
        Assert.Equal(full.Best!.LearningRate, retried.Best!.LearningRate);
        Assert.Equal(full.Trials.Select(t => t.TrialId), retried.Trials.Select(t => t.TrialId));
        Assert.Equal(full.Trials.Select(t => t.Status), retried.Trials.Select(t => t.Status));
        var byId = interrupted.Trials.ToDictionary(t => t.TrialId);
        foreach (var t in retried.Trials)
        {
            if (!byId.TryGetValue(t.TrialId, out var before)) Assert.Equal(1, t.Attempts);                  // never started before
            else if (before.Status == TrialStatus.Cancelled) Assert.Equal(2, t.Attempts);                    // trained again
            else Assert.Equal(before, t with { Verdict = before.Verdict });                                  // kept as it was
        }
        Assert.True(retried.WallSeconds >= interrupted.WallSeconds);
    }

    [Fact]
    public void AResultOfARefinementIsNotRetriedHere()
    {
        var parent = new LocalSweepRunner(1).Run(SpecParser.Parse(Spec), "s-p", TestContext.Current.CancellationToken);
        var child = new LocalSweepRunner(1).Refine(parent, "s-c", 1, 3, TestContext.Current.CancellationToken);
        var error = Assert.Throws<InputException>(() => new LocalSweepRunner(1).Retry(child, TestContext.Current.CancellationToken));
        Assert.Contains("s-p", error.Message, StringComparison.Ordinal);
    }
}
