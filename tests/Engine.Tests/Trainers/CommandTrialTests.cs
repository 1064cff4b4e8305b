using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>The Trial of a program's run: figures from its last epoch report, history from its reports, verdict from its losses.</summary>
public sealed class CommandTrialTests
{
    private static Trial From(TrialStatus status, params TrainerReport[] reports) =>
        CommandTrial.From(
            new CommandRunResult(status, null, null, 0, reports.Length, reports.LastOrDefault(r => r.IsEpoch), reports.LastOrDefault(), reports, "", "", 1.5),
            "t-00000001", 0, 0, 0.1, new SgdSpec(), new ConstantScheduleSpec());

    [Fact]
    public void StepReportsBecomeStepsOfTheirEpochAndEpochReportsEpochs()
    {
        var trial = From(TrialStatus.Completed,
            new TrainerReport(null, 0, 2.0), new TrainerReport(null, 50, 1.0, LearningRate: 0.05),
            new TrainerReport(1, null, 0.9, 1.1, 0.7), new TrainerReport(null, 150, 0.5), new TrainerReport(2, 200, 0.4, 0.6, 0.8));
        Assert.Equal(
            [new StepPoint(0, 0, 0.1, 2.0), new StepPoint(50, 0, 0.05, 1.0), new StepPoint(150, 1, 0.1, 0.5)],
            trial.History!.Steps);
        Assert.Equal([new EpochPoint(1, 0.9, 1.1, 0.7), new EpochPoint(2, 0.4, 0.6, 0.8)], trial.History.Epochs);
        Assert.Equal((2, 200L, 0.4, 0.6, 0.8), (trial.EpochsCompleted, trial.Steps, trial.TrainLoss, trial.ValidationLoss, trial.ValidationAccuracy));
        Assert.Equal((0.1, 0.1), (trial.LearningRate, trial.Optimizer.LearningRate));
        Assert.Equal(2.0, trial.InitialLoss);
        Assert.Equal(Verdict.Good, trial.Verdict);
    }

    [Fact]
    public void ALossThatBarelyFellFromAReportedStartIsTooSmall() =>
        Assert.Equal(Verdict.TooSmall, From(TrialStatus.Completed, new TrainerReport(0, null, 1.0), new TrainerReport(1, null, 0.98), new TrainerReport(2, null, 0.97)).Verdict);

    [Fact]
    public void EpochsCountedFromOneShowNoStartSoTheRunIsNotJudgedTooSmall()
    {
        var trial = From(TrialStatus.Completed, new TrainerReport(1, null, 1.0), new TrainerReport(2, null, 0.98), new TrainerReport(3, null, 0.97));
        Assert.Null(trial.InitialLoss);
        Assert.Equal(Verdict.Good, trial.Verdict);
    }

    [Fact]
    public void AnEpochReportWithoutATrainingLossKeepsItsEpochWithNaN()
    {
        var trial = From(TrialStatus.Completed, new TrainerReport(1, null, ValidationLoss: 0.5));
        Assert.True(double.IsNaN(Assert.Single(trial.History!.Epochs).TrainLoss));
        Assert.Equal((null, 0.5), (trial.TrainLoss, trial.ValidationLoss));
    }

    [Fact]
    public void DivergedAndFailedRunsAreJudgedAsSuch()
    {
        Assert.Equal(Verdict.Diverged, From(TrialStatus.Diverged, new TrainerReport(1, null, 1.0), new TrainerReport(2, null, double.NaN)).Verdict);
        Assert.Null(From(TrialStatus.Failed).Verdict);
        Assert.Equal((0, 0L), (From(TrialStatus.Failed).EpochsCompleted, From(TrialStatus.Failed).Steps));
    }
}
