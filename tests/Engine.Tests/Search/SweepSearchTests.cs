using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

public sealed class SweepSearchTests
{
    private const string TwoArms = """
        "arms": [ { "name": "sgd" }, { "name": "momentum", "optimizer": { "kind": "sgd", "momentum": 0.9 } } ]
        """;

    [Fact]
    public void SearchNoneRunsOneTrialAtTheOptimizersRate()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "none" }""", optimizer: """{ "kind": "sgd", "learningRate": 0.02 }"""));
        var request = Assert.Single(search.Next(5));
        Assert.Equal(new TrialRequest("0/0/0", 0, 0, 0.02, TrialPurpose.Train), request);
        Assert.False(search.IsComplete);
        search.Report(Sweeps.Completed(request, 0.1));
        Assert.True(search.IsComplete);
        var stage = Assert.Single(search.Stages);
        Assert.Equal((0, 0, StageKind.Grid, 0.02), (stage.Index, stage.Arm, stage.Kind, stage.BestLearningRate));
        Assert.Equal([0.02], stage.LearningRates);
    }

    [Fact]
    public void CountByStatusCountsWhatOutcomesHoldAcrossArmsAndARestore()
    {
        var spec = Sweeps.Quadratic($$"""{ "kind": "grid", "learningRates": [0.001, 0.01, 0.02], "metric": "trainLoss", {{TwoArms}} }""");
        var search = new SweepSearch(spec);
        var issued = search.Next(10);
        var finished = issued.Take(5).Select((r, i) => i % 2 == 0 ? Sweeps.Completed(r, 1 + i) : Sweeps.Diverged(r)).ToArray();
        foreach (var outcome in finished) search.Report(outcome);
        search.Report(finished[0]);   // a repeated report counts once

        var expected = search.Outcomes.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(new Dictionary<TrialStatus, int> { [TrialStatus.Completed] = 3, [TrialStatus.Diverged] = 2 }, expected);
        Assert.Equal(expected, search.CountByStatus());
        Assert.Equal(expected, SweepSearch.Restore(spec, issued, finished, []).CountByStatus());
    }

    [Fact]
    public void ConcurrencyCapsTheRunsInFlight()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.001, 0.01, 0.02, 0.03], "concurrency": 2, "metric": "trainLoss" }"""));
        var first = search.Next(10);
        Assert.Equal(2, first.Count);
        Assert.Empty(search.Next(10));
        search.Report(Sweeps.Completed(first[0], 1));
        Assert.Equal("0/0/2", Assert.Single(search.Next(10)).Key);
        Assert.Equal(2, search.InFlight);
    }

    [Fact]
    public void NextNeverGivesMoreThanTheCapacity()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "min": 1e-3, "max": 1, "pointsPerDecade": 3, "metric": "trainLoss" }"""));
        Assert.Equal(3, search.Next(3).Count);
        Assert.Empty(search.Next(0));
        Assert.Equal(7, search.Next(100).Count);
    }

    [Fact]
    public void ArmsAreIssuedSideBySide()
    {
        var search = new SweepSearch(Sweeps.Quadratic($$"""{ "kind": "grid", "learningRates": [0.001, 0.01, 0.02], "metric": "trainLoss", {{TwoArms}} }"""));
        Assert.Equal(["0/0/0", "1/0/0", "0/0/1", "1/0/1"], search.Next(4).Select(r => r.Key));
    }

    [Fact]
    public void EachArmRefinesAroundItsOwnBest()
    {
        var search = new SweepSearch(Sweeps.Quadratic($$"""
            { "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "refinements": 1, "metric": "trainLoss", {{TwoArms}} }
            """));
        Sweeps.Drive(search, r => Sweeps.Completed(r, Sweeps.Bowl(r.LearningRate, r.Arm == 0 ? 0.03 : 5e-4)), order: f => f.Count - 1);
        Assert.Equal([0.01, 1e-3], search.Stages.Where(s => s.Index == 0).Select(s => s.BestLearningRate!.Value));
        var best = search.BestByArm;
        Assert.InRange(best[0]!.LearningRate, 0.02, 0.05);
        Assert.InRange(best[1]!.LearningRate, 2e-4, 7e-4);
        Assert.Equal(best[1], search.Best);
    }

    [Fact]
    public void KeysAreNeverIssuedTwiceAndTheStageRecordsSayWhatRan()
    {
        var search = new SweepSearch(Sweeps.Quadratic($$"""
            { "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "refinements": 2, "concurrency": 3, "metric": "trainLoss", {{TwoArms}} }
            """));
        var issued = Sweeps.Drive(search, r => Sweeps.Completed(r, Sweeps.Bowl(r.LearningRate, 0.02)), capacity: 5, order: f => f.Count / 2);
        Assert.Equal(issued.Count, issued.Select(r => r.Key).Distinct().Count());
        foreach (var stage in search.Stages)
        {
            var ran = issued.Where(r => r.Arm == stage.Arm && r.Stage == stage.Index).Select(r => r.LearningRate);
            Assert.All(ran, rate => Assert.Contains(rate, stage.LearningRates));
            Assert.Contains(stage.BestLearningRate!.Value, stage.LearningRates);
        }
    }

    [Fact]
    public void AReportForAKeyNeverIssuedIsRefusedAndARepeatedReportIsIgnored()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.02], "metric": "trainLoss" }"""));
        var requests = search.Next(1);
        Assert.Throws<ArgumentException>(() => search.Report(Sweeps.Completed(requests[0] with { Key = "0/0/1" }, 1)));
        search.Report(Sweeps.Completed(requests[0], 1));
        search.Report(Sweeps.Completed(requests[0], 0.5));
        Assert.Equal(1, Assert.Single(search.Outcomes).TrainLoss);
    }

    [Fact]
    public void TheLrFinderSearchRunsOneRangeTestAndNoTrials()
    {
        var search = new SweepSearch(Sweeps.Mnist("""{ "kind": "lr-finder", "min": 1e-6 }"""));
        var request = Assert.Single(search.Next(4));
        Assert.Equal(new TrialRequest("0/0/0", 0, 0, 1e-6, TrialPurpose.RangeTest), request);
        search.ReportRangeTest(request.Key, Sweeps.RangeTestAt(0.2));
        Assert.True(search.IsComplete);
        Assert.Null(search.Best);
        var stage = Assert.Single(search.Stages);
        Assert.Equal((0, 0, StageKind.LrFinder, 0.2), (stage.Index, stage.Arm, stage.Kind, stage.BestLearningRate));
        Assert.Empty(stage.LearningRates);
        Assert.Equal(0.2, search.LrFinderByArm[0]!.Suggested);
    }

    [Fact]
    public void TheLrFinderThenGridSearchGridsAroundTheSuggestion()
    {
        var search = new SweepSearch(Sweeps.Mnist("""{ "kind": "lr-finder-then-grid", "pointsPerRefinement": 5, "span": 100 }"""));
        search.ReportRangeTest(search.Next(4)[0].Key, Sweeps.RangeTestAt(0.2));
        var grid = search.Next(10);
        Assert.Equal([0.02, 0.2 / Math.Sqrt(10), 0.2, 0.2 * Math.Sqrt(10), 2], grid.Select(r => r.LearningRate), (a, b) => Math.Abs(a / b - 1) < 1e-12);
        Assert.All(grid, r => Assert.Equal((1, TrialPurpose.Train), (r.Stage, r.Purpose)));
        Assert.Equal(StageKind.Grid, search.Stages[1].Kind);
    }

    [Fact]
    public void AFailedRangeTestEndsItsArm()
    {
        var search = new SweepSearch(Sweeps.Mnist("""{ "kind": "lr-finder-then-grid" }"""));
        var request = search.Next(1)[0];
        search.Report(TrialOutcome.Unfinished(request, TrialStatus.Failed));
        Assert.True(search.IsComplete);
        Assert.Null(search.LrFinderByArm[0]);
        Assert.Null(Assert.Single(search.Stages).BestLearningRate);
    }

    [Fact]
    public void TheSearchAdvancesOnlyWhenEveryRunOfAStageHasEnded()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "coarse-to-fine", "min": 0.01, "max": 1, "metric": "trainLoss" }"""));
        var coarse = search.Next(10);
        Assert.Equal(3, coarse.Count);
        search.Report(Sweeps.Completed(coarse[0], 1));
        search.Report(Sweeps.Diverged(coarse[1]));
        Assert.Empty(search.Next(10));
        search.Report(TrialOutcome.Unfinished(coarse[2], TrialStatus.Failed));
        Assert.Equal(4, search.Next(10).Count);
    }
}
