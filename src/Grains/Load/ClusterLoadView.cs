namespace SweepCluster.Grains.Load;

/// <summary>
/// This silo's copy of the load board, refreshed by <see cref="SiloLoadReporter"/>, plus the placements this silo made
/// since: a burst of placements between two reports would otherwise all go to the same silo. A placement stops
/// counting once its silo has reported twice since (the second report surely includes the placed trial).
/// </summary>
public sealed class ClusterLoadView
{
    private readonly Lock _lock = new();
    private Dictionary<SiloAddress, SiloLoad> _loads = [];
    private readonly List<(SiloAddress Silo, long Sequence)> _placed = [];

    public void Update(IEnumerable<SiloLoad> loads)
    {
        lock (_lock)
        {
            _loads = loads.ToDictionary(l => l.Silo);
            _placed.RemoveAll(p => !_loads.TryGetValue(p.Silo, out var load) || load.Sequence >= p.Sequence + 2);
        }
    }

    /// <summary>The reported free slots less this silo's placements since, or null for a silo that has not reported.</summary>
    public int? Free(SiloAddress silo)
    {
        lock (_lock)
        {
            if (!_loads.TryGetValue(silo, out var load)) return null;
            return load.Free - _placed.Count(p => p.Silo.Equals(silo));
        }
    }

    public void Placed(SiloAddress silo)
    {
        lock (_lock)
            if (_loads.TryGetValue(silo, out var load)) _placed.Add((silo, load.Sequence));
    }
}
