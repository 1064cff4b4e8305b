using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>A run's history keeps at most 1,000 step points and 1,000 epoch points, whatever historyEvery asks.</summary>
public sealed class HistoryLimitTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    public void HistoryEveryIsRaisedSoThatAtMostAThousandStepPointsAreKept(int historyEvery)
    {
        var plan = new TrialPlan(new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec { LearningRate = 0.1 },
            new ConstantScheduleSpec(), new TrainingSpec(Epochs: 25_000, HistoryEvery: historyEvery));

        var trial = TestTrainer.Run(plan);

        Assert.Equal(25_000, trial.Steps);
        Assert.InRange(trial.History!.Steps.Count, 900, SpecLimits.MaxHistoryPoints);
        Assert.InRange(trial.History.Epochs.Count, 900, SpecLimits.MaxHistoryPoints + 1);
        Assert.Equal(0, trial.History.Steps[0].Step);
    }

    [Fact]
    public void AShortRunKeepsTheHistoryEveryItAskedFor()
    {
        var plan = new TrialPlan(new NoDataSpec(), new QuadraticModelSpec(Eigenvalues: [1, 2]), new SgdSpec { LearningRate = 0.1 },
            new ConstantScheduleSpec(), new TrainingSpec(Epochs: 100, HistoryEvery: 3));

        var trial = TestTrainer.Run(plan);

        Assert.Equal(34, trial.History!.Steps.Count);
    }
}
