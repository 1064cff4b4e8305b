using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Client.Console;

/// <summary>A sweep's trials as people count them: done (an end the search can use), running, failed or cancelled.</summary>
internal readonly record struct TrialCounts(int Done, int Running, int Failed)
{
    public int Total => Done + Running + Failed;

    public static TrialCounts Of(SweepSummary summary)
    {
        int Count(params TrialPhase[] phases) => phases.Sum(p => summary.Counts.TryGetValue(p, out var n) ? n : 0);
        var unreported = Count(TrialPhase.Running, TrialPhase.Queued, TrialPhase.Pending);
        var failed = Count(TrialPhase.Failed, TrialPhase.Cancelled);
        // An ended sweep no longer collects its trials: those still unreported were cancelled with it.
        return summary.Status.IsTerminal()
            ? new TrialCounts(Count(TrialPhase.Completed, TrialPhase.Diverged, TrialPhase.Stopped), 0, failed + unreported)
            : new TrialCounts(Count(TrialPhase.Completed, TrialPhase.Diverged, TrialPhase.Stopped), unreported, failed);
    }

    public override string ToString() => $"{Done} done, {Running} running, {Failed} failed or cancelled";
}
