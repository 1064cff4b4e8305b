using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

public sealed class TrialRankingTests
{
    private static TrialOutcome Outcome(double rate, TrialStatus status = TrialStatus.Completed, double? train = 1, double? validation = 1, double? accuracy = null, int arm = 0) =>
        new($"{arm}/0/{rate}", arm, 0, rate, status, train, validation, accuracy, 1, 2.3, null, 1);

    [Fact]
    public void LossesAreMinimisedAndAccuracyMaximised()
    {
        var low = Outcome(0.1, validation: 0.3, accuracy: 0.8);
        var high = Outcome(0.2, validation: 0.5, accuracy: 0.9);
        Assert.True(new TrialRanking(Metric.ValidationLoss).Compare(low, high) < 0);
        Assert.True(new TrialRanking(Metric.ValidationAccuracy).Compare(high, low) < 0);
    }

    [Theory]
    [InlineData(TrialStatus.Diverged)]
    [InlineData(TrialStatus.Failed)]
    [InlineData(TrialStatus.Cancelled)]
    public void DivergedFailedAndCancelledRankAfterEveryFinishedRun(TrialStatus status)
    {
        var bad = Outcome(0.01, status, train: 0.001, validation: 0.001);
        var poor = Outcome(1, validation: 100);
        var sorted = new[] { bad, poor }.Order(new TrialRanking(Metric.ValidationLoss)).ToArray();
        Assert.Same(poor, sorted[0]);
    }

    [Fact]
    public void AStoppedRunRanksByItsLastFigures()
    {
        var stopped = Outcome(0.1, TrialStatus.Stopped, validation: 0.2);
        var completed = Outcome(0.2, validation: 0.3);
        Assert.True(new TrialRanking(Metric.ValidationLoss).Compare(stopped, completed) < 0);
    }

    [Fact]
    public void ARunWithoutTheValidationFigureRanksByTrainLossAfterRunsWithIt()
    {
        var ranking = new TrialRanking(Metric.ValidationLoss);
        var quadratic = Outcome(0.1, train: 0.5, validation: null);
        var other = Outcome(0.2, train: 0.1, validation: null);
        Assert.True(ranking.Compare(other, quadratic) < 0);
        Assert.True(ranking.Compare(Outcome(0.3, validation: 9), other) < 0);
    }

    [Fact]
    public void TiesGoToTheSmallerRateWhateverTheOrder()
    {
        var ranking = new TrialRanking(Metric.TrainLoss);
        var small = Outcome(0.01, train: 0.5);
        var large = Outcome(0.1, train: 0.5);
        Assert.Same(small, ranking.Better(large, small));
        Assert.Same(small, ranking.Better(small, large));
        var diverged = new[] { Outcome(3, TrialStatus.Diverged), Outcome(1, TrialStatus.Diverged), Outcome(2, TrialStatus.Failed) };
        Assert.Equal([1.0, 2.0, 3.0], diverged.Order(ranking).Select(o => o.LearningRate));
    }

    [Fact]
    public void TheSweepsBestIgnoresDivergedTrialsWithLowerLosses()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.03, 0.06], "metric": "trainLoss" }"""));
        foreach (var r in search.Next(10))
            search.Report(r.LearningRate > 0.05 ? Sweeps.Diverged(r) with { TrainLoss = 1e-9 } : Sweeps.Completed(r, r.LearningRate == 0.03 ? 0.1 : 0.2));
        Assert.Equal(0.03, search.Best!.LearningRate);
        Assert.Equal(0.03, Assert.Single(search.Stages).BestLearningRate);
    }

    [Fact]
    public void WhenEveryTrialDivergedNoneIsBest()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.1, 0.3, 1], "metric": "trainLoss" }"""));
        foreach (var r in search.Next(10)) search.Report(Sweeps.Diverged(r));
        Assert.Null(search.Best);
        Assert.Equal([null], search.BestByArm);
    }
}
