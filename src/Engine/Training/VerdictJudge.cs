using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The step-size regime a finished trial's loss curve shows (docs/results.md verdict), by the seeds' rules of thumb:
/// diverged; oscillating (the loss went up on more than a third of the recorded steps, or the epoch losses zig-zag,
/// without diverging); too-small (the loss fell by less than 10% of the way the reference fell); otherwise good.
/// </summary>
/// <remarks>
/// Mini-batch losses are noisy: at a good rate consecutive batch losses go up about half the time. For such runs the
/// recorded steps are grouped into consecutive blocks and a rise counts only when a block's mean loss exceeds the
/// previous block's by more than two standard errors; epoch losses are compared the same way only for exact
/// (full-batch) runs, where every change is real.
/// </remarks>
public static class VerdictJudge
{
    public const double TooSmallFraction = 0.1;
    public const double OscillatingFraction = 1.0 / 3.0;
    public const int MaxBlocks = 20;
    public const int MinBlockSize = 8;

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

    public static bool Oscillates(TrialHistory history, bool deterministic) => deterministic
        ? RisingFraction(history.Steps) > OscillatingFraction || ZigZags(history.Epochs)
        : SignificantRisingFraction(history.Steps) > OscillatingFraction;

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

    /// <summary>Exact epoch losses zig-zag when, over at least three epochs, more than a third of the changes are rises.</summary>
    public static bool ZigZags(IReadOnlyList<EpochPoint> epochs)
    {
        if (epochs.Count < 3) return false;
        var ups = 0;
        for (var i = 1; i < epochs.Count; i++)
            if (Rises(epochs[i - 1].TrainLoss, epochs[i].TrainLoss)) ups++;
        return ups > OscillatingFraction * (epochs.Count - 1);
    }

    private static bool Rises(double previous, double next) => next - previous > RiseTolerance * Math.Abs(previous);
}
