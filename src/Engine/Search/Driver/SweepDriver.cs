using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search.Driver;

/// <summary>
/// Drives one sweep, pure and single-threaded: it owns the search, the per-silo counts and the rules for retries, and
/// answers each event (a run ended, a range test ended, a rung reached, a pump for more work, a retry, a cancel, a silo
/// lost) with the <see cref="SweepEffects"/> its host carries out. The cluster's coordinator carries them out with
/// grains, timers and storage, the local runner with threads; both hosts stay thin, so the two cannot disagree.
/// See docs/architecture.md.
/// </summary>
/// <remarks>
/// Every fact the driver logs is a function of the spec and the facts before it (the search is deterministic), so a
/// host may start a run before the write that logs it lands: should the host die first, <see cref="Restore"/> of the
/// stored prefix issues the lost request again under the same key at the same rate. Facts whose answer depends on them
/// being stored (a range test's result, a rung value) come back <see cref="SweepEffects.Durable"/>.
/// </remarks>
public sealed class SweepDriver
{
    /// <summary>Why a sweep fails when its search stalls: a bug in the search, not a fault of the runs.</summary>
    public const string Stalled = "the search is not complete but has nothing to run and nothing running.";

    /// <param name="running">False for a sweep that has ended: events change nothing until a retry.</param>
    public SweepDriver(SweepSpec spec, SweepInheritance? inheritance = null, bool running = true)
        : this(new SweepSearch(spec, inheritance), new SiloCounts(), running)
    {
    }

    private SweepDriver(SweepSearch search, SiloCounts silos, bool running)
    {
        Search = search;
        Silos = silos;
        IsRunning = running;
    }

    public SweepSearch Search { get; }

    /// <summary>This sweep's runs on each silo.</summary>
    public SiloCounts Silos { get; }

    /// <summary>True until the sweep ends (completed, cancelled or failed); a retry runs it again.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>
    /// The driver of a sweep whose log is <paramref name="log"/>, in the order it was written; runs issued and not
    /// reported are in flight again. <paramref name="silos"/>: counts to keep (a retry's), or null for new ones.
    /// </summary>
    /// <exception cref="InvalidOperationException">The log does not fit the spec.</exception>
    public static SweepDriver Restore(SweepSpec spec, SweepInheritance? inheritance, IEnumerable<SweepFact> log, bool running, SiloCounts? silos = null)
    {
        var replay = new SweepReplay();
        replay.Apply(log);
        return Restore(spec, inheritance, replay, running, silos);
    }

    /// <inheritdoc cref="Restore(SweepSpec, SweepInheritance?, IEnumerable{SweepFact}, bool, SiloCounts?)"/>
    public static SweepDriver Restore(SweepSpec spec, SweepInheritance? inheritance, SweepReplay replay, bool running, SiloCounts? silos = null)
    {
        ArgumentNullException.ThrowIfNull(replay);
        return new(replay.Restore(spec, inheritance), silos ?? new SiloCounts(), running);
    }

    /// <summary>True for a run that keeps its end through a retry: it neither failed nor was cancelled.</summary>
    public static bool Keeps(TrialStatus status) => status is not (TrialStatus.Failed or TrialStatus.Cancelled);

    /// <summary>True for an issued run that is a range test (the host runs it itself, not as a trial).</summary>
    public bool IsRangeTest(string key) => Search.PurposeOf(key) == TrialPurpose.RangeTest;

    /// <summary>
    /// How many runs to ask for now on <paramref name="silos"/>: their slots plus one queued run each, less this sweep's
    /// runs in flight (at least one when none are), or unbounded when the spec sets search.concurrency (the search caps
    /// it). The queued run takes a slot the moment it frees instead of after a report, decide and start round trip.
    /// </summary>
    public int Capacity(IReadOnlyList<SiloRoom> silos)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (Search.Spec.Search.Concurrency is not null) return int.MaxValue;
        var slots = silos.Sum(x => x.Slots) + silos.Count;
        return Math.Max(Search.InFlight == 0 ? 1 : 0, slots - Search.InFlight);
    }

    /// <summary>True when <see cref="Capacity"/> depends on the silos: the sweep runs, is not complete, and sets no concurrency.</summary>
    public bool NeedsRooms => IsRunning && !Search.IsComplete && Search.Spec.Search.Concurrency is null;

    /// <summary>
    /// Up to <paramref name="capacity"/> new runs, training runs placed on <paramref name="silos"/> (none: unplaced),
    /// their requests logged; or the sweep's end once the search is complete (or stalled). A silo counted before and
    /// missing from <paramref name="silos"/> has left the cluster: its counts go.
    /// </summary>
    public SweepEffects Pump(int capacity, IReadOnlyList<SiloRoom>? silos = null)
    {
        if (!IsRunning) return SweepEffects.None;
        if (Search.IsComplete) return Finish(SweepStatus.Completed, null);
        if (silos is { Count: > 0 }) Silos.KeepOnly(silos);
        var requests = Search.Next(capacity);
        if (requests.Count == 0) return Search.InFlight == 0 ? Finish(SweepStatus.Failed, Stalled) : SweepEffects.None;
        var launches = new List<Launch>(requests.Count);
        var rangeTests = new List<TrialRequest>();
        foreach (var request in requests)
        {
            if (request.Purpose == TrialPurpose.RangeTest) rangeTests.Add(request);
            else launches.Add(new Launch(request, silos is { Count: > 0 } ? Silos.Place(silos) : null));
        }
        return SweepEffects.None with { Log = [.. requests.Select(r => new RunIssued(r))], Launches = launches, RangeTests = rangeTests };
    }

    /// <summary>
    /// A training run ended with <paramref name="outcome"/>, on <paramref name="silo"/> (null: unknown). None for a
    /// run not in flight: a duplicate report, or a sweep that has ended. The report is logged with the runs it leads to.
    /// </summary>
    public SweepEffects RunEnded(TrialOutcome outcome, string? silo)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!IsRunning || !Search.IsInFlight(outcome.Key)) return SweepEffects.None;
        Search.Report(outcome);
        Silos.Ended(silo);
        return SweepEffects.Logged(false, new RunReported(outcome));
    }

    /// <summary>
    /// A range test ended with <paramref name="result"/>, or without one (failed, or <paramref name="cancelled"/>).
    /// A result is logged durably: the runs around it follow from it.
    /// </summary>
    public SweepEffects RangeTestEnded(string key, LrFinderResult? result, bool cancelled = false)
    {
        if (!IsRunning || !Search.IsInFlight(key)) return SweepEffects.None;
        if (result is not null)
        {
            Search.ReportRangeTest(key, result);
            return SweepEffects.Logged(true, new RangeTestFinished(key, result));
        }
        var outcome = TrialOutcome.Unfinished(Search.Request(key), cancelled ? TrialStatus.Cancelled : TrialStatus.Failed);
        Search.Report(outcome);
        return SweepEffects.Logged(false, new RunReported(outcome));
    }

    /// <summary>
    /// ASHA: run <paramref name="key"/> completed <paramref name="epoch"/> epochs with <paramref name="metricValue"/>.
    /// The value is logged durably: the answer, given once it is stored, depends on the values before it.
    /// </summary>
    public (bool GoOn, SweepEffects Effects) RungReached(string key, int epoch, double metricValue)
    {
        if (!IsRunning || !Search.IsInFlight(key)) return (true, SweepEffects.None);
        var goOn = Search.ContinueAtRung(key, epoch, metricValue);
        return (goOn, SweepEffects.Logged(true, new RungReached(new RungObservation(key, epoch, metricValue))));
    }

    /// <summary>A run started without a placement went to <paramref name="silo"/>.</summary>
    public void Placed(string? silo) => Silos.Placed(silo);

    /// <summary>Cancels the sweep: every run in flight is stopped, and the sweep ends cancelled.</summary>
    public SweepEffects Cancel()
    {
        if (!IsRunning) return SweepEffects.None;
        var inFlight = Search.InFlightKeys.ToArray();
        return Finish(SweepStatus.Cancelled, null) with { Stops = inFlight };
    }

    /// <summary>Ends the sweep (a host's own fault, such as a log that cannot be restored, included).</summary>
    public SweepEffects Finish(SweepStatus status, string? error)
    {
        IsRunning = false;
        return SweepEffects.None with { End = new SweepEnd(status, error) };
    }

    /// <summary>
    /// The runs a retry runs again: those that failed or were cancelled, and those a cancel left unreported (an ended
    /// sweep that is not complete goes on even with none). Null when there is nothing to do: none to run again and the
    /// sweep runs or is complete. <see cref="Reopen"/> logs them.
    /// </summary>
    public IReadOnlyList<TrialRequest>? ToRetry()
    {
        var again = Search.Issued.Where(r => Search.OutcomeOf(r.Key) is { } outcome ? !Keeps(outcome.Status) : Search.IsInFlight(r.Key) && !IsRunning).ToArray();
        return again.Length == 0 && (IsRunning || Search.IsComplete) ? null : again;
    }

    /// <summary>
    /// The retry of <paramref name="again"/> (<see cref="ToRetry"/>): their reported ends reopened, logged durably. The
    /// host then restores a driver from its log (<see cref="Restore"/>, running, these counts kept).
    /// </summary>
    public SweepEffects Reopen(IReadOnlyList<TrialRequest> again)
    {
        ArgumentNullException.ThrowIfNull(again);
        return SweepEffects.Logged(true, [.. again.Where(r => Search.OutcomeOf(r.Key) is not null).Select(r => new RunReopened(r.Key))]);
    }

    /// <summary>The trials of this sweep's result: its training runs in the order issued, then the inherited ones.</summary>
    public IReadOnlyList<string> ResultKeys() =>
        [.. Search.IssuedKeys(TrialPurpose.Train), .. Search.Inheritance?.Outcomes.Select(o => o.Key) ?? []];
}
