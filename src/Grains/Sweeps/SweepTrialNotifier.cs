using SweepCluster.Engine.Results;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Tells a trial's coordinator that the trial's end is stored, with its outcome, so the next runs start at once instead
/// of at the coordinator's next poll, and without the coordinator calling the trial back for them. Trial ids are "{sweepId}/{arm}/{stage}/{index}". Best effort (one-way): a lost message is
/// made up for by the coordinator's poll.
/// </summary>
internal sealed class SweepTrialNotifier(IGrainFactory grains) : ITrialListener
{
    public void OnFinished(Trial trial, TrialEnd end)
    {
        if (SweepIdOf(trial.TrialId) is { } sweepId)
            _ = grains.GetGrain<ISweepCoordinatorGrain>(sweepId).TrialEnded(trial.TrialId, end);
    }

    /// <summary>The part before the key's three segments; null for ids that are not a sweep's.</summary>
    internal static string? SweepIdOf(string trialId)
    {
        var end = trialId.Length;
        for (var i = 0; i < 3; i++)
        {
            end = end > 0 ? trialId.LastIndexOf('/', end - 1) : -1;
            if (end <= 0) return null;
        }
        return trialId[..end];
    }
}
