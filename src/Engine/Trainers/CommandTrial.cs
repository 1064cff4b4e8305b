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

    /// <summary>The first reported training loss, when a later one shows how far it fell; a single figure shows no fall.</summary>
    private static double? InitialLoss(IReadOnlyList<TrainerReport> reports)
    {
        var losses = reports.Select(r => r.TrainLoss).OfType<double>().Take(2).ToList();
        return losses.Count == 2 && double.IsFinite(losses[0]) ? losses[0] : null;
    }
}
