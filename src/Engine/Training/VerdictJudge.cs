using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The step-size regime a finished trial's loss curve shows (CONTRACT §4 verdict), by the seeds' rules of thumb:
/// diverged; oscillating (the loss went up on more than a third of the recorded steps, or the epoch losses zig-zag,
/// without diverging); too-small (the loss fell by less than 10% of the way the reference fell); otherwise good.
/// </summary>
public static class VerdictJudge
{
    public const double TooSmallFraction = 0.1;
    public const double OscillatingFraction = 1.0 / 3.0;

    /// <summary>EMA factor for mini-batch step losses: batch noise alone goes up half the time, the smoothed curve does not.</summary>
    public const double NoisySmoothing = 0.9;

    /// <param name="referenceFall">How far the loss could fall: the best trial of the arm's fall in a sweep, or the
    /// initial loss minus the objective's known lower bound for a lone run.</param>
    /// <param name="deterministic">Full-batch (or no-data) runs: every step loss is exact, so no smoothing.</param>
    public static Verdict? Judge(Trial trial, double referenceFall, bool deterministic)
    {
        switch (trial.Status)
        {
            case TrialStatus.Diverged: return Verdict.Diverged;
            case TrialStatus.Failed or TrialStatus.Cancelled or TrialStatus.Pending or TrialStatus.Running: return null;
        }
        if (trial.History is { } history && (RisingFraction(history.Steps, deterministic) > OscillatingFraction || ZigZags(history.Epochs)))
            return Verdict.Oscillating;
        if (trial.InitialLoss is double initial && trial.TrainLoss is double final && referenceFall > 0
            && initial - final < TooSmallFraction * referenceFall)
            return Verdict.TooSmall;
        return Verdict.Good;
    }

    /// <summary>The fraction of recorded steps whose (smoothed, for mini-batches) loss is above the previous one.</summary>
    public static double RisingFraction(IReadOnlyList<StepPoint> steps, bool deterministic)
    {
        if (steps.Count < 3) return 0;
        var rising = 0;
        double previous = steps[0].TrainLoss, average = 0;
        var smoothing = deterministic ? 0 : NoisySmoothing;
        for (var i = 0; i < steps.Count; i++)
        {
            average = smoothing * average + (1 - smoothing) * steps[i].TrainLoss;
            var current = average / (1 - Math.Pow(smoothing, i + 1));
            if (i > 0 && current > previous * (1 + 1e-12) + 1e-300) rising++;
            previous = current;
        }
        return (double)rising / (steps.Count - 1);
    }

    /// <summary>Epoch losses zig-zag when, over at least three epochs, more than a third of the changes are increases.</summary>
    public static bool ZigZags(IReadOnlyList<EpochPoint> epochs)
    {
        if (epochs.Count < 3) return false;
        var ups = 0;
        for (var i = 1; i < epochs.Count; i++)
            if (epochs[i].TrainLoss > epochs[i - 1].TrainLoss) ups++;
        return ups > OscillatingFraction * (epochs.Count - 1);
    }
}
