using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>Whole sweeps trained in-process: the reference behaviour a cluster's coordinator must reproduce.</summary>
public sealed class LocalSweepRunnerTests
{
    private static SweepResult Run(SweepSpec spec, int threads = 2) =>
        new LocalSweepRunner(threads).Run(spec, "s", TestContext.Current.CancellationToken);

    private static double Metric(BestTrial best) => best.ValidationLoss ?? best.TrainLoss!.Value;

    [Fact]
    public void CoarseToFineOnTheQuadraticFindsTheRateAnExhaustiveGridSaysIsBest()
    {
        var fine = Run(Sweeps.Quadratic("""{ "kind": "grid", "min": 1e-3, "max": 1, "pointsPerDecade": 100, "metric": "trainLoss" }"""));
        var search = Run(Sweeps.Quadratic("""
            { "kind": "coarse-to-fine", "min": 1e-5, "max": 10, "pointsPerDecade": 1, "refinements": 3, "pointsPerRefinement": 5, "metric": "trainLoss" }
            """));
        var last = search.Stages[^1].LearningRates;
        var spacing = last[1] / last[0];
        var found = search.Best!.LearningRate;
        var best = fine.Best!.LearningRate;
        Assert.InRange(found, best / spacing, best * spacing);
        Assert.True(search.Trials.Count < 25, $"{search.Trials.Count} trials");
        Assert.Equal(4, search.Stages.Count);
        // Near 2/(L+μ), where the slowest and the fastest mode contract alike, and below the edge 2/L.
        Assert.InRange(best, 0.04, 0.05);
    }

    [Fact]
    public void TheResultDoesNotDependOnTheNumberOfThreads()
    {
        var spec = Sweeps.Quadratic("""{ "kind": "coarse-to-fine", "min": 1e-4, "max": 1, "refinements": 2, "pointsPerRefinement": 4, "metric": "trainLoss" }""");
        var one = Run(spec, threads: 1);
        var two = Run(spec, threads: 2);
        Assert.Equal(Describe(one), Describe(two));
    }

    [Fact]
    public void SgdAndAdamArmsEachFindTheirOwnRate()
    {
        var result = Run(Sweeps.Mnist("""
            { "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "refinements": 1, "pointsPerRefinement": 3,
              "arms": [ { "name": "sgd" }, { "name": "adam", "optimizer": { "kind": "adam" } } ] }
            """));
        var sgd = result.BestByArm[0]!;
        var adam = result.BestByArm[1]!;
        // Adam normalises its steps: its best rate is orders of magnitude below plain SGD's on the same problem.
        Assert.InRange(sgd.LearningRate, 0.05, 3);
        Assert.InRange(adam.LearningRate, 1e-4, 0.05);
        Assert.True(adam.LearningRate < sgd.LearningRate / 10, $"sgd {sgd.LearningRate}, adam {adam.LearningRate}");
        Assert.Equal(Math.Min(Metric(sgd), Metric(adam)), Metric(result.Best!));
        Assert.Equal(4, result.Stages.Count);
        Assert.All(result.Trials, t => Assert.Equal(t.Arm == 0 ? "sgd" : "adam", result.Spec.ResolvedArms()[t.Arm].Name));
    }

    [Fact]
    public void LrFinderThenGridOnMnistComesWithinFivePercentOfAFineGrid()
    {
        var fine = Run(Sweeps.Mnist("""{ "kind": "grid", "min": 0.01, "max": 3, "pointsPerDecade": 10 }"""));
        var search = Run(Sweeps.Mnist("""{ "kind": "lr-finder-then-grid", "pointsPerRefinement": 5, "span": 10 }"""));
        Assert.Equal(5, search.Trials.Count);
        Assert.NotNull(search.LrFinder);
        Assert.InRange(search.LrFinder!.Suggested, 0.05, 5);
        Assert.True(Metric(search.Best!) <= 1.05 * Metric(fine.Best!),
            $"lr-finder-then-grid {Metric(search.Best!)} at {search.Best!.LearningRate}, fine grid {Metric(fine.Best!)} at {fine.Best!.LearningRate}");
        Assert.True(search.ComputeSeconds >= search.Trials.Sum(t => t.WallSeconds));
    }

    [Fact]
    public void AshaStopsTrialsAtRungs()
    {
        var spec = Sweeps.Quadratic("""
            { "kind": "grid", "min": 1e-3, "max": 0.04, "pointsPerDecade": 6, "metric": "trainLoss",
              "earlyStopping": { "kind": "asha", "reductionFactor": 3, "minEpochs": 2 } }
            """, epochs: 20);
        var result = Run(spec, threads: 1);
        var stopped = result.Trials.Where(t => t.Status == TrialStatus.Stopped).ToArray();
        Assert.NotEmpty(stopped);
        Assert.All(stopped, t => Assert.Contains(t.EpochsCompleted, new[] { 2, 6, 18 }));
        Assert.Equal(TrialStatus.Completed, result.Trials.Single(t => t.TrialId == result.Best!.TrialId).Status);
    }

    [Fact]
    public void VerdictsInTheResultAreJudgedAgainstTheArmsBest()
    {
        var result = Run(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [1e-5, 0.03], "metric": "trainLoss" }""", epochs: 50));
        Assert.Equal(Verdict.TooSmall, result.Trials[0].Verdict);
        Assert.Equal(Verdict.Good, result.Trials[1].Verdict);
    }

    [Fact]
    public void ACancelledSweepEndsCancelled()
    {
        var result = new LocalSweepRunner(2).Run(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.02], "metric": "trainLoss" }"""),
            "s", new CancellationToken(true));
        Assert.Equal(SweepStatus.Cancelled, result.Status);
    }

    private static string Describe(SweepResult result) => string.Join("\n",
        result.Stages.Select(s => $"{s.Arm}/{s.Index} {s.Kind} {string.Join(",", s.LearningRates)} {s.BestLearningRate}")
            .Concat(result.Trials.Select(t => $"{t.TrialId} {t.LearningRate:R} {t.Status} {t.TrainLoss:R} {t.Verdict}"))
            .Append($"best {result.Best}"));
}
