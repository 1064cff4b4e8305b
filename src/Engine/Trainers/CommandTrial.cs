using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The Trial (docs/results.md) of one run of a user's program: its figures are its last epoch report's, its history
/// is its reports (step reports with a training loss as steps, epoch reports as epochs, numbered as the program numbered
/// them), and its verdict is judged from the reported losses alone (no theory: the engine does not know the model).
/// </summary>
public static class CommandTrial
{
    public static Trial From(
        CommandRunResult run, string trialId, int arm, int stage, double learningRate, OptimizerSpec optimizer, ScheduleSpec schedule,
        int attempts = 1, string? silo = null)
    {
        var steps = new List<StepPoint>();
        var epochs = new List<EpochPoint>();
        var epoch = 0;
        foreach (var report in run.Reports)
        {
            if (report.Epoch is int number)
            {
                // A report without a training loss still marks its epoch; NaN says "not reported" where a number must stand.
                epochs.Add(new EpochPoint(number, report.TrainLoss ?? double.NaN, report.ValidationLoss, report.ValidationAccuracy));
                epoch = number;
            }
            else if (report is { Step: long step, TrainLoss: double loss })
                steps.Add(new StepPoint(step, epoch, report.LearningRate ?? learningRate, loss));
        }

        var last = run.LastEpoch;
        var trial = new Trial(
            trialId, arm, stage, learningRate, optimizer with { LearningRate = learningRate }, schedule,
            run.Status, run.Error,
            EpochsCompleted: epochs.Select(e => e.Epoch).Distinct().Count(),
            Steps: run.Reports.Max(r => r.Step) ?? 0,
            last?.TrainLoss, last?.ValidationLoss, last?.ValidationAccuracy,
            silo, attempts, run.WallSeconds, Verdict: null,
            new TrialHistory(steps, epochs))
        { InitialLoss = InitialLoss(run.Reports) };
        // Losses are taken to be ≥ 0 (cross-entropy, squared error): a lone run could at best have fallen to 0.
        var referenceFall = trial.InitialLoss is double initial && initial > 0 ? initial : 0;
        return trial with { Verdict = VerdictJudge.Judge(trial, referenceFall, deterministic: false) };
    }

    /// <summary>
    /// The loss before training, as far as the reports show it: the first training loss when it comes from a step report
    /// or an epoch 0 report, followed by another. A first epoch report already holds a trained epoch, so from epochs
    /// counted from 1 alone the start is unknown and the run is not judged too-small.
    /// </summary>
    private static double? InitialLoss(IReadOnlyList<TrainerReport> reports)
    {
        var losses = reports.Where(r => r.TrainLoss is not null).Take(2).ToList();
        if (losses.Count < 2 || losses[0] is not { TrainLoss: double first } start || !double.IsFinite(first)) return null;
        return start.Epoch is null or 0 ? first : null;
    }
}
