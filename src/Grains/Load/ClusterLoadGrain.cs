namespace SweepCluster.Grains.Load;

/// <summary>
/// Soft state only: after its silo dies it is reactivated elsewhere by the next report and complete again within one
/// report period, so it needs no storage. Silos that are not active members are left out of every answer.
/// </summary>
public sealed class ClusterLoadGrain(IClusterMembershipService membership) : Grain, IClusterLoadGrain
{
    private readonly LoadLedger _ledger = new();

    public Task<IReadOnlyList<SiloLoad>> Report(SiloLoad load)
    {
        _ledger.Report(load);
        return GetSilos();
    }

    public Task<SiloAddress?> Reserve(SiloAddress[] candidates)
    {
        var snapshot = membership.CurrentSnapshot;
        return Task.FromResult(_ledger.Reserve(candidates.Where(c => snapshot.GetSiloStatus(c) == SiloStatus.Active)));
    }

    public Task<IReadOnlyList<SiloLoad>> GetSilos()
    {
        var snapshot = membership.CurrentSnapshot;
        _ledger.Forget(silo => snapshot.GetSiloStatus(silo) != SiloStatus.Active);
        return Task.FromResult(_ledger.Loads);
    }
}
