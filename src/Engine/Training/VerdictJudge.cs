using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The step-size regime a finished trial's loss curve shows (docs/results.md verdict), by the seeds' rules of thumb, for a
/// run judged alone: diverged; oscillating (the loss bounced, going up on more than a third of the recorded steps or
/// zig-zagging from epoch to epoch, or it rose well above where it started, without diverging); too-small (the loss
/// fell by less than 10% of the way the reference fell); otherwise good. A sweep judges again against the arm's best η
/// (<see cref="Search.SweepVerdicts"/>), keeping the shape found here.
/// </summary>
/// <remarks>
/// Mini-batch losses are noisy: at a good rate consecutive batch losses go up about half the time. For such runs the
/// recorded steps are grouped into consecutive blocks and a rise counts only when a block's mean loss exceeds the
/// previous block's by more than two standard errors; an epoch's mean loss counts as up only by more than
/// <see cref="NoisyEpochRise"/>; and the loss rose above its start only when one batch's loss exceeds
/// <see cref="OvershootFactor"/> times the first. Exact (full-batch) runs count every rise beyond float rounding.
/// </remarks>
public static class VerdictJudge
{
    public const double TooSmallFraction = 0.1;
    public const double OscillatingFraction = 1.0 / 3.0;
    public const int MaxBlocks = 20;
    public const int MinBlockSize = 8;

    /// <summary>A noisy run's epoch mean loss "went up" only by more than this fraction: an epoch averages many batches.</summary>
    public const double NoisyEpochRise = 0.01;

    /// <summary>A noisy run rose above its start when one batch's loss exceeds this many times the first batch's.</summary>
    public const double OvershootFactor = 2;

    /// <summary>An exact loss "went up" only by more than float32 rounding: a converged run jitters in its last bits.</summary>
    public const double RiseTolerance = 1e-6;

    /// <param name="referenceFall">How far the loss could fall: the best trial of the arm's fall in a sweep, or the
    /// initial loss minus the objective's known lower bound for a lone run.</param>
    /// <param name="deterministic">Full-batch (or no-data) runs: every step loss is exact.</param>
    public static Verdict? Judge(Trial trial, double referenceFall, bool deterministic)
    {
        switch (trial.Status)
        {
            case TrialStatus.Diverged: return Verdict.Diverged;
            case TrialStatus.Failed or TrialStatus.Cancelled or TrialStatus.Pending or TrialStatus.Running: return null;
        }
        if (trial.History is { } history && Oscillates(history, deterministic)) return Verdict.Oscillating;
        if (trial.InitialLoss is double initial && trial.TrainLoss is double final && referenceFall > 0
            && initial - final < TooSmallFraction * referenceFall)
            return Verdict.TooSmall;
        return Verdict.Good;
    }

    /// <summary>The curve bounces (steps or epochs go up too often) or rose above where it started.</summary>
    public static bool Oscillates(TrialHistory history, bool deterministic)
    {
        ArgumentNullException.ThrowIfNull(history);
        return deterministic
            ? RisingFraction(history.Steps) > OscillatingFraction || ZigZags(history.Epochs, RiseTolerance) || RoseAboveStart(history.Steps, 1 + RiseTolerance)
            : SignificantRisingFraction(history.Steps) > OscillatingFraction || ZigZags(history.Epochs, NoisyEpochRise) || RoseAboveStart(history.Steps, OvershootFactor);
    }

    /// <summary>Whether a recorded step's loss exceeds <paramref name="factor"/> times the first recorded one.</summary>
    public static bool RoseAboveStart(IReadOnlyList<StepPoint> steps, double factor)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Count < 2 || !(steps[0].TrainLoss > 0)) return false;
        var limit = factor * steps[0].TrainLoss;
        for (var i = 1; i < steps.Count; i++)
            if (steps[i].TrainLoss > limit) return true;
        return false;
    }

    /// <summary>The fraction of recorded steps whose exact loss is above the previous one.</summary>
    public static double RisingFraction(IReadOnlyList<StepPoint> steps)
    {
        if (steps.Count < 3) return 0;
        var rising = 0;
        for (var i = 1; i < steps.Count; i++)
            if (Rises(steps[i - 1].TrainLoss, steps[i].TrainLoss)) rising++;
        return (double)rising / (steps.Count - 1);
    }

    /// <summary>The fraction of block-to-block changes of noisy losses that are rises beyond two standard errors.</summary>
    public static double SignificantRisingFraction(IReadOnlyList<StepPoint> steps)
    {
        var blocks = Math.Min(MaxBlocks, steps.Count / MinBlockSize);
        if (blocks < 3) return 0;
        Span<double> mean = stackalloc double[blocks];
        Span<double> variance = stackalloc double[blocks];
        Span<int> count = stackalloc int[blocks];
        for (var b = 0; b < blocks; b++)
        {
            int start = b * steps.Count / blocks, end = (b + 1) * steps.Count / blocks;
            double sum = 0, sumSquares = 0;
            for (var i = start; i < end; i++)
            {
                sum += steps[i].TrainLoss;
                sumSquares += steps[i].TrainLoss * steps[i].TrainLoss;
            }
            count[b] = end - start;
            mean[b] = sum / count[b];
            variance[b] = Math.Max(0, sumSquares / count[b] - mean[b] * mean[b]) * count[b] / (count[b] - 1);
        }
        var rising = 0;
        for (var b = 1; b < blocks; b++)
        {
            var standardError = Math.Sqrt(variance[b] / count[b] + variance[b - 1] / count[b - 1]);
            if (mean[b] - mean[b - 1] > 2 * standardError) rising++;
        }
        return (double)rising / (blocks - 1);
    }

    /// <summary>
    /// Epoch losses zig-zag when, over at least three epochs, more than a third of the changes are rises by more than
    /// <paramref name="tolerance"/> (relative).
    /// </summary>
    public static bool ZigZags(IReadOnlyList<EpochPoint> epochs, double tolerance = RiseTolerance)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        if (epochs.Count < 3) return false;
        var ups = 0;
        for (var i = 1; i < epochs.Count; i++)
            if (Rises(epochs[i - 1].TrainLoss, epochs[i].TrainLoss, tolerance)) ups++;
        return ups > OscillatingFraction * (epochs.Count - 1);
    }

    private static bool Rises(double previous, double next, double tolerance = RiseTolerance) => next - previous > tolerance * Math.Abs(previous);
}
