namespace SweepCluster.Grains.Load;

/// <summary>
/// This silo's copy of the load board, refreshed by <see cref="SiloLoadReporter"/>: what placement decides with when
/// the board itself cannot be reached (its silo just died). Reservations made here count only here.
/// </summary>
public sealed class ClusterLoadView
{
    private readonly Lock _lock = new();
    private readonly LoadLedger _ledger = new();

    public void Update(IEnumerable<SiloLoad> loads)
    {
        lock (_lock) _ledger.ReplaceAll(loads);
    }

    /// <summary>The active silos and their load as the board last answered this silo (at most a report period old).</summary>
    public IReadOnlyList<SiloLoad> Loads
    {
        get
        {
            lock (_lock) return _ledger.Loads;
        }
    }

    /// <inheritdoc cref="LoadLedger.Reserve"/>
    public SiloAddress? Reserve(IEnumerable<SiloAddress> candidates)
    {
        lock (_lock) return _ledger.Reserve(candidates);
    }
}
