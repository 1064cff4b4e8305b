namespace SweepCluster.Grains.Load;

/// <summary>
/// Reported loads plus the slots reserved since. A reservation stops counting once its silo has reported twice
/// after it (the second report surely includes the placed trial, which starts within milliseconds of placement).
/// Not thread-safe: the board grain and <see cref="ClusterLoadView"/> each guard their own.
/// </summary>
internal sealed class LoadLedger
{
    private readonly Dictionary<SiloAddress, SiloLoad> _loads = [];
    private readonly List<(SiloAddress Silo, long Sequence)> _reserved = [];

    public IReadOnlyList<SiloLoad> Loads => _loads.Values.OrderBy(l => l.Address, StringComparer.Ordinal).ToArray();

    public void Report(SiloLoad load)
    {
        _loads[load.Silo] = load;
        _reserved.RemoveAll(r => r.Silo.Equals(load.Silo) && load.Sequence >= r.Sequence + 2);
    }

    public void ReplaceAll(IEnumerable<SiloLoad> loads)
    {
        _loads.Clear();
        foreach (var load in loads) _loads[load.Silo] = load;
        _reserved.RemoveAll(r => !_loads.TryGetValue(r.Silo, out var load) || load.Sequence >= r.Sequence + 2);
    }

    public void Forget(Func<SiloAddress, bool> gone)
    {
        foreach (var silo in _loads.Keys.Where(gone).ToList()) _loads.Remove(silo);
        _reserved.RemoveAll(r => !_loads.ContainsKey(r.Silo));
    }

    /// <summary>Reported free slots less the reservations since; null for a silo that has not reported.</summary>
    public int? Free(SiloAddress silo) =>
        _loads.TryGetValue(silo, out var load) ? load.Free - _reserved.Count(r => r.Silo.Equals(silo)) : null;

    /// <summary>The candidate with the most free slots, reserved (ties at random); null if any has not reported.</summary>
    public SiloAddress? Reserve(IEnumerable<SiloAddress> candidates)
    {
        SiloAddress? best = null;
        var bestFree = int.MinValue;
        var ties = 0;
        foreach (var silo in candidates)
        {
            if (Free(silo) is not int free) return null;
            if (free > bestFree) (best, bestFree, ties) = (silo, free, 1);
            else if (free == bestFree && Random.Shared.Next(++ties) == 0) best = silo;   // reservoir choice among ties
        }
        if (best is not null) _reserved.Add((best, _loads[best].Sequence));
        return best;
    }
}
