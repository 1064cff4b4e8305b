using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>The Sweep result's warnings and its bests: a best is never a diverged, failed, cancelled or stopped trial.</summary>
public sealed class SweepWarningsTests
{
    private static SweepResult Run(string search, int epochs = 20) =>
        new LocalSweepRunner(2).Run(Sweeps.Quadratic(search, epochs), "s", TestContext.Current.CancellationToken);

    [Fact]
    public void ASweepWhoseEveryTrialDivergedHasNoBestAndSaysToSearchLower()
    {
        // 2/L = 0.05: every rate diverges.
        var result = Run("""{ "kind": "grid", "learningRates": [0.06, 0.1, 1], "metric": "trainLoss" }""");
        Assert.Equal(SweepStatus.Completed, result.Status);
        Assert.All(result.Trials, t => Assert.Equal(TrialStatus.Diverged, t.Status));
        Assert.Null(result.Best);
        Assert.Equal([null], result.BestByArm);
        Assert.Null(Assert.Single(result.Stages).BestLearningRate);
        Assert.Equal(["every trial of arm 0 (default) diverged: search below 0.06"], result.Warnings);
    }

    [Fact]
    public void ADivergedOrFailedTrialIsNeverTheBestWhileTheSweepRuns()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.001, 0.06, 10], "metric": "trainLoss" }"""));
        var requests = search.Next(3);
        search.Report(Sweeps.Diverged(requests[2]));
        Assert.Null(search.Best);
        Assert.Equal([null], search.BestByArm);
        search.Report(TrialOutcome.Unfinished(requests[1], TrialStatus.Failed));
        Assert.Null(search.Best);
        search.Report(Sweeps.Completed(requests[0], 20));
        Assert.Equal(requests[0].Key, search.Best?.Key);
        Assert.Equal(0.001, Assert.Single(search.Stages).BestLearningRate);
    }

    [Fact]
    public void ABestAtTheTopOfAGridSaysRaiseMax()
    {
        var result = Run("""{ "kind": "grid", "learningRates": [0.001, 0.003, 0.01], "metric": "trainLoss" }""");
        Assert.Equal(0.01, result.Best?.LearningRate);
        Assert.Equal(["arm 0 (default): best η 0.01 is the top of the range searched; raise max"], result.Warnings);
    }

    [Fact]
    public void ABestAtTheBottomOfAnArmSaysLowerMinNamingTheArm()
    {
        // 2/L is 0.05 for the plain arm (its best is the top) and 0.005 for the stiff one (its best is the bottom).
        var result = Run("""
            { "kind": "grid", "learningRates": [0.0042, 0.0047, 0.0049], "metric": "trainLoss",
              "arms": [ { "name": "plain" }, { "name": "stiff", "model": { "kind": "quadratic", "eigenvalues": [1, 10, 400] } } ] }
            """);
        Assert.Equal("stiff", result.BestByArm[1]?.Name);
        Assert.Equal(
            ["arm 0 (plain): best η 0.0049 is the top of the range searched; raise max",
             "arm 1 (stiff): best η 0.0042 is the bottom of the range searched; lower min"],
            result.Warnings);
    }

    [Fact]
    public void ABestInsideTheRangeWarnsOfNothing()
    {
        var result = Run("""{ "kind": "grid", "learningRates": [0.01, 0.03, 0.06], "metric": "trainLoss" }""");
        Assert.Equal(0.03, result.Best?.LearningRate);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void CoarseToFineWarnsOnlyWhenItsExtendedEdgeIsStillTheBest()
    {
        // The coarse grid's best, 1e-2, is its top: refinement walks past it and finds better inside.
        var inside = Run("""{ "kind": "coarse-to-fine", "min": 1e-4, "max": 1e-2, "pointsPerDecade": 1, "refinements": 2, "pointsPerRefinement": 3, "metric": "trainLoss" }""");
        Assert.True(inside.Best?.LearningRate > 1e-2);
        Assert.Empty(inside.Warnings);
        // Far below the edge, the walk outward cannot reach it in one refinement: the best is the extended top.
        var edge = Run("""{ "kind": "coarse-to-fine", "min": 1e-7, "max": 1e-6, "pointsPerDecade": 1, "refinements": 1, "pointsPerRefinement": 2, "metric": "trainLoss" }""");
        var top = edge.Trials.Max(t => t.LearningRate);
        Assert.True(top > 1e-6);
        Assert.Equal(top, edge.Best?.LearningRate);
        Assert.Equal([$"arm 0 (default): best η {top.ToString("G4", System.Globalization.CultureInfo.InvariantCulture)} is the top of the range searched; raise max"], edge.Warnings);
    }

    [Fact]
    public void LrFinderThenGridSaysWhenItsBestIsAnEdge()
    {
        // Range test from 1e-7 to 1e-5 on a quadratic whose good rates are near 0.03: the grid around its suggestion
        // is all too small, so its best is its top.
        var result = Run("""{ "kind": "lr-finder-then-grid", "min": 1e-7, "max": 1e-5, "steps": 30, "pointsPerRefinement": 3, "metric": "trainLoss" }""");
        var top = result.Trials.Max(t => t.LearningRate);
        Assert.Equal(top, result.Best?.LearningRate);
        Assert.Single(result.Warnings, w => w.EndsWith("is the top of the range searched; raise max", StringComparison.Ordinal));
    }

    [Fact]
    public void FailedTrialsAreCountedPerArm()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""
            { "kind": "grid", "learningRates": [0.001, 0.01, 0.03], "metric": "trainLoss",
              "arms": [ { "name": "a" }, { "name": "b" } ] }
            """));
        foreach (var r in search.Next(6))
            search.Report(r.Arm == 1 && r.LearningRate < 0.02 ? TrialOutcome.Unfinished(r, TrialStatus.Failed) : Sweeps.Completed(r, 1 / r.LearningRate));
        Assert.Equal(
            ["arm 0 (a): best η 0.03 is the top of the range searched; raise max",
             "arm 1 (b): best η 0.03 is the top of the range searched; raise max",
             "arm 1 (b): 2 of 3 trials failed"],
            search.Warnings());
    }

    [Fact]
    public void AFailedRangeTestIsSaid()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "lr-finder-then-grid", "metric": "trainLoss" }"""));
        var test = Assert.Single(search.Next(1));
        search.Report(TrialOutcome.Unfinished(test, TrialStatus.Failed));
        Assert.True(search.IsComplete);
        Assert.Equal(["arm 0 (default): the LR range test failed, so nothing was searched after it"], search.Warnings());
    }

    [Fact]
    public void AStoppedTrialIsNeverTheBest()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.001, 0.01], "metric": "trainLoss" }"""));
        var requests = search.Next(2);
        search.Report(Sweeps.Completed(requests[0], 0.5, status: TrialStatus.Stopped));
        Assert.Null(search.Best);
        search.Report(Sweeps.Completed(requests[1], 0.9));
        Assert.Equal(requests[1].Key, search.Best?.Key);
        Assert.Equal(requests[1].Key, search.BestByArm[0]?.Key);
    }

    [Fact]
    public void WarningsWaitForTheArmsSearchToEnd()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.06, 0.1], "metric": "trainLoss" }"""));
        var requests = search.Next(2);
        search.Report(Sweeps.Diverged(requests[0]));
        Assert.Empty(search.Warnings());
        search.Report(Sweeps.Diverged(requests[1]));
        Assert.Equal(["every trial of arm 0 (default) diverged: search below 0.06"], search.Warnings());
    }
}
