namespace SweepCluster.Grains.Load;

/// <summary>
/// Soft state only: after its silo dies it is reactivated elsewhere by the next report and complete again within one
/// report period, so it needs no storage. Silos that are not active members are left out of every answer.
/// </summary>
public sealed class ClusterLoadGrain(IClusterMembershipService membership) : Grain, IClusterLoadGrain
{
    private readonly Dictionary<SiloAddress, SiloLoad> _loads = [];

    public Task<IReadOnlyList<SiloLoad>> Report(SiloLoad load)
    {
        _loads[load.Silo] = load;
        return GetSilos();
    }

    public Task<IReadOnlyList<SiloLoad>> GetSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        foreach (var silo in _loads.Keys.Where(s => snapshot.GetSiloStatus(s) != SiloStatus.Active).ToList())
            _loads.Remove(silo);
        IReadOnlyList<SiloLoad> loads = _loads.Values.OrderBy(l => l.Address, StringComparer.Ordinal).ToArray();
        return Task.FromResult(loads);
    }
}
