using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Trials;

/// <summary>A trial's progress as its grain answers it: pending, running (from its run), or finished (from its Trial).</summary>
internal static class TrialSnapshot
{
    /// <param name="result">The finished Trial without its history; null while it runs.</param>
    /// <param name="resultProgress">The finished run's progress (its planned totals), when this activation ran it.</param>
    /// <param name="resultEpoch">The finished Trial's last epoch.</param>
    public static TrialProgress Of(string id, TrialGrainState s, Trial? result, TrainingProgress? resultProgress, EpochPoint? resultEpoch, ITrialRun? run)
    {
        if (s.Request is null) return new(id, TrialPhase.Pending, 0, null, 0, 0, 0, 0, double.NaN, double.NaN, null, null);
        if (result is { } t)
        {
            return new(id, s.Phase, s.Attempts, s.Silo, t.Steps, resultProgress?.TotalSteps ?? t.Steps, t.EpochsCompleted,
                resultProgress?.TotalEpochs ?? t.EpochsCompleted, t.TrainLoss ?? double.NaN, t.LearningRate, resultEpoch, t.Error);
        }
        if (run is null) return new(id, s.Phase, s.Attempts, s.Silo, 0, 0, 0, 0, double.NaN, double.NaN, null, null);
        var p = run.Progress;
        return new(id, run.Started ? TrialPhase.Running : TrialPhase.Queued, s.Attempts, s.Silo, p.Step, p.TotalSteps,
            p.Epoch, p.TotalEpochs, p.Loss, p.LearningRate, run.LastEpoch, null);
    }
}
