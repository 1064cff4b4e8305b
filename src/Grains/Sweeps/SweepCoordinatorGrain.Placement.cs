using Orleans.Runtime.Placement;
using SweepCluster.Engine.Search;
using SweepCluster.Grains.Load;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Where the coordinator places its trials. It counts its own runs in flight on each silo and sends each new trial,
/// as a placement hint (<see cref="IPlacementDirector.PlacementHintKey"/>, which the free-slot director honours and
/// reserves on the load board), to the silo with the most room for this sweep: its slots plus the one queued run,
/// less this sweep's runs there. Ties go to the silo given the fewest trials per slot so far, which spreads a sweep
/// whose concurrency leaves slots free.
/// </summary>
/// <remarks>
/// The load board alone spread trials by counts up to two reports (about 2 s) old: on trials shorter than that it was a
/// round robin, which sent a new trial to a silo whose queued run still waited while another silo's slot stood empty
/// (Cluster.Bench scale, 2 and 4 one-slot silos, 0.1–0.3 s trials: 15–16% overhead, 40–65 idle slot-ms per trial; with
/// these counts 2–3.5%). The counts are this sweep's only: a trial's end is counted off the silo it trained on, a trial
/// placed without a hint (the silos not known yet) is counted where its Start says it went. After a restart or a
/// failover they may be off for the runs in flight then, which the clamping at zero absorbs as those runs end.
/// </remarks>
public sealed partial class SweepCoordinatorGrain
{
    // This sweep's runs in flight on each silo, by "host:port".
    private readonly Dictionary<string, int> _inFlightOn = [];
    // Trials this sweep placed on each silo so far.
    private readonly Dictionary<string, int> _placedOn = [];

    /// <summary>The silo for the next trial, now counted there; null while this silo's copy of the board is empty.</summary>
    private SiloAddress? NextSilo()
    {
        SiloLoad? best = null;
        var (bestRoom, bestUse) = (int.MinValue, double.MaxValue);
        foreach (var load in loadView.Loads)
        {
            var room = load.Slots + 1 - _inFlightOn.GetValueOrDefault(load.Address);
            var use = _placedOn.GetValueOrDefault(load.Address) / (double)Math.Max(1, load.Slots);
            if (room > bestRoom || room == bestRoom && use < bestUse) (best, bestRoom, bestUse) = (load, room, use);
        }
        if (best is null) return null;
        PlacedOn(best.Address);
        return best.Silo;
    }

    /// <param name="silo">Where to place the trial (a placement hint for this call only); null: where the board says.</param>
    private async Task StartAsync(TrialRequest request, SiloAddress? silo)
    {
        try
        {
            if (silo is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            var start = Trial(request.Key).Start(StartOf(request));
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            var started = await start;
            if (silo is null) PlacedOn(started.Silo);
        }
        catch (Exception e)
        {
            // The poll starts it again (a persisted request whose trial says Pending), and fails the sweep if the
            // trial refuses the request (ArgumentException).
            LogStartFailed(logger, e, Id, request.Key);
        }
    }

    private void PlacedOn(string? silo)
    {
        if (silo is null) return;
        _inFlightOn[silo] = _inFlightOn.GetValueOrDefault(silo) + 1;
        _placedOn[silo] = _placedOn.GetValueOrDefault(silo) + 1;
    }

    /// <summary>A run that trained on <paramref name="silo"/> ended: its place there is free.</summary>
    private void Ended(string? silo)
    {
        if (silo is not null && _inFlightOn.TryGetValue(silo, out var n) && n > 0) _inFlightOn[silo] = n - 1;
    }
}
