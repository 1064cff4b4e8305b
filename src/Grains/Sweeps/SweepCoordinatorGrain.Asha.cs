using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

/// <summary>ASHA: trials ask at their rungs whether to go on; the answers are persisted before they are given.</summary>
public sealed partial class SweepCoordinatorGrain
{
    public async Task<bool> ContinueAtRung(string trialId, int epoch, double metricValue)
    {
        if (state.State.Phase != SweepPhase.Running || _search is not { } search || KeyOf(trialId) is not { } key) return true;
        if (!search.IsInFlight(key)) return true;
        Append(new RungObserved(key, epoch, metricValue));
        await SaveAsync();
        var goOn = search.ContinueAtRung(key, epoch, metricValue);
        LogRung(logger, Id, key, epoch, metricValue, goOn);
        return goOn;
    }
}
