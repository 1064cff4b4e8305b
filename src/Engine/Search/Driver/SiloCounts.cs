namespace SweepCluster.Engine.Search.Driver;

/// <summary>
/// Where a sweep places its runs. It counts its own runs in flight on each silo and sends each new run to the silo with
/// the most room for this sweep: its slots plus the one queued run, less this sweep's runs there. Ties go to the silo
/// given the fewest runs per slot so far, which spreads a sweep whose concurrency leaves slots free.
/// </summary>
/// <remarks>
/// A silo's own load report is up to two report periods old: on short runs, spreading by it was a round robin that sent
/// a run to a silo whose queued run still waited while another silo's slot stood empty. The counts are this sweep's
/// only: a run's end is counted off the silo it trained on, a run placed without a choice (the silos not known yet) is
/// counted where it went. After a restart or a failover they may be off for the runs in flight then, which the clamping
/// at zero absorbs as those runs end; a lost silo's counts are dropped.
/// </remarks>
public sealed class SiloCounts
{
    // This sweep's runs in flight on each silo, by address.
    private readonly Dictionary<string, int> _inFlightOn = [];
    // Runs this sweep placed on each silo so far.
    private readonly Dictionary<string, int> _placedOn = [];

    /// <summary>The silo for the next run, now counted there; null when no silo is known.</summary>
    public string? Place(IReadOnlyList<SiloRoom> silos)
    {
        SiloRoom? best = null;
        var (bestRoom, bestUse) = (int.MinValue, double.MaxValue);
        foreach (var silo in silos)
        {
            var room = silo.Slots + 1 - InFlightOn(silo.Address);
            var use = _placedOn.GetValueOrDefault(silo.Address) / (double)Math.Max(1, silo.Slots);
            if (room > bestRoom || room == bestRoom && use < bestUse) (best, bestRoom, bestUse) = (silo, room, use);
        }
        if (best is null) return null;
        Placed(best.Address);
        return best.Address;
    }

    /// <summary>A run went to <paramref name="silo"/> (null: unknown, not counted).</summary>
    public void Placed(string? silo)
    {
        if (silo is null) return;
        _inFlightOn[silo] = InFlightOn(silo) + 1;
        _placedOn[silo] = _placedOn.GetValueOrDefault(silo) + 1;
    }

    /// <summary>A run that trained on <paramref name="silo"/> ended: its place there is free.</summary>
    public void Ended(string? silo)
    {
        if (silo is not null && _inFlightOn.TryGetValue(silo, out var n) && n > 0) _inFlightOn[silo] = n - 1;
    }

    /// <summary>
    /// Drops the counts of silos no longer among <paramref name="silos"/> (the cluster's active ones): a lost silo's runs
    /// come back elsewhere, and a silo that later joins under its address starts empty.
    /// </summary>
    public void KeepOnly(IReadOnlyList<SiloRoom> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        foreach (var gone in _inFlightOn.Keys.Concat(_placedOn.Keys).Where(a => !silos.Any(s => s.Address == a)).ToArray())
        {
            _inFlightOn.Remove(gone);
            _placedOn.Remove(gone);
        }
    }

    /// <summary>This sweep's runs in flight on <paramref name="silo"/>, as counted.</summary>
    public int InFlightOn(string silo) => _inFlightOn.GetValueOrDefault(silo);
}
