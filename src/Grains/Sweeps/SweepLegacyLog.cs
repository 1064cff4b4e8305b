using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The log as versions before the paged log kept it: one dictionary of JSON strings per kind of entry in the head,
/// rewritten whole on every decision. Read once, on activation, as the first entries of the new log.
/// </summary>
internal static class SweepLegacyLog
{
    public static bool IsLegacy(this SweepCoordinatorState state) =>
        state.Issued.Count + state.Finished.Count + state.RangeTests.Count + state.Rungs.Count > 0;

    /// <summary>
    /// The dictionaries as log entries: the requests (in their stored order, which was the order issued), then the ends,
    /// range tests and rung values. The old log kept no order between kinds, and needed none: a restore depends on the
    /// sets only.
    /// </summary>
    public static IEnumerable<SweepLogEntry> Entries(SweepCoordinatorState state) =>
        state.Issued.Values.Select(json => (SweepLogEntry)RequestIssued.Of(SweepLog.Read<TrialRequest>(json)))
            .Concat(state.Finished.Values.Select(json => OutcomeReported.Of(SweepLog.Read<TrialOutcome>(json))))
            .Concat(state.RangeTests.Select(t => new RangeTestReported(t.Key, t.Value)))
            .Concat(state.Rungs.Values.Select(json => RungObserved.Of(SweepLog.Read<RungObservation>(json))));

    /// <summary>
    /// Moves an old head's dictionaries to the front of its tail and empties them; false (and nothing changed) for a
    /// head in the paged form. The next write of the head stores the new form (the tail is sealed into pages first).
    /// </summary>
    /// <exception cref="System.Text.Json.JsonException">An entry is not the JSON of its record.</exception>
    public static bool MoveIntoTail(SweepCoordinatorState state)
    {
        if (!state.IsLegacy()) return false;
        // Read all before changing anything: a bad entry leaves the state as it was stored.
        var entries = Entries(state).ToList();
        state.Tail.InsertRange(0, entries);
        state.Issued.Clear();
        state.Finished.Clear();
        state.RangeTests.Clear();
        state.Rungs.Clear();
        return true;
    }
}
