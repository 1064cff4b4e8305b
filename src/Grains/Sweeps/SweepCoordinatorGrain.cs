using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Registry;
using SweepCluster.Grains.Telemetry;
using SweepCluster.Grains.Trials;
using static SweepCluster.Grains.Sweeps.SweepCoordinatorLog;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The <see cref="SweepDriver"/>'s host on the cluster, as <see cref="LocalSweepRunner"/> is on threads: it turns calls,
/// the poll timer and the keeper reminder into the driver's events, and carries out its effects with grains and
/// storage: the log appended to the paged store (<see cref="SweepLogWriter"/>), trials started on the silos the driver
/// picked, range tests run here on a thread of their own, the sweep ended. See docs/architecture.md.
/// </summary>
/// <remarks>
/// Trial ends arrive two ways: <see cref="SweepTrialNotifier"/> tells the coordinator at once, and a poll of the trials
/// in flight every <see cref="PollPeriod"/> makes up for a lost message (one-way calls are dropped when this silo or the
/// trial's dies). Duplicates are harmless: the driver reports a key once. A reminder reactivates the sweep after its
/// silo is lost; the poll timer keeps the activation alive meanwhile.
/// </remarks>
public sealed class SweepCoordinatorGrain(
    [PersistentState(SweepLogStore.HeadStateName, SweepStorage.Name)] IPersistentState<SweepCoordinatorState> state,
    [FromKeyedServices(SweepStorage.Name)] IGrainStorage storage,
    SweepSiloOptions options,
    SweepMetrics metrics,
    ClusterLoadView loadView,
    ILocalSiloDetails localSilo,
    ILogger<SweepCoordinatorGrain> logger) : Grain, ISweepCoordinatorGrain, IRemindable
{
    private static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);
    private readonly RangeTestRuns _rangeTests = new();
    private SweepTrials? _trialCalls;
    private SweepSpec? _spec;
    private SweepDriver? _driver;
    private SweepLogWriter? _log;
    private IGrainTimer? _poll;
    private SweepTracking? _tracking;
    private SweepResultAssembly? _results;
    private SweepKeeper? _keeper;
    // A new activation first makes sure every trial in flight was started (the old one may have died between
    // persisting a request and starting its trial); Start is idempotent.
    private bool _resumed;
    // Ends reported to the driver by this activation: a call that reported none decided nothing.
    private int _reports;
    // Why OnActivateAsync could not restore the sweep; null when it could.
    private string? _restoreError;

    private string Id => this.GetPrimaryKeyString();

    private SweepSearch? CurrentSearch => _driver?.Search;

    private SweepTrials TrialCalls => _trialCalls ??= new SweepTrials(GrainFactory, Id, logger);

    private SweepKeeper Keeper => _keeper ??= new SweepKeeper(this, options.WatchdogPeriod, Id, logger);

    private SweepTracking Tracking => _tracking ??= new SweepTracking(metrics, Id);

    private SweepResultAssembly Results => _results ??= new SweepResultAssembly(Id, SiloLoad.AddressOf(localSilo.SiloAddress), state, Log, TrialCalls,
        () => (_spec, _driver), NotRestored, logger);

    private SweepLogWriter Log => _log ??= new SweepLogWriter(state, new SweepLogStore(storage, this.GetGrainId()),
        e =>
        {
            LogStoreConflict(logger, e, Id);
            DeactivateOnIdle();
        },
        e => LogStepFailed(logger, e, Id));

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.SpecJson is not { } json) return;
        try
        {
            _spec = StoredSpec.Read(json);
            _driver = await RestoreAsync(_spec, s.Phase == SweepPhase.Running, null);
        }
        catch (Exception e) when (e is InputException or InvalidOperationException or JsonException)
        {
            _restoreError = e.Message;
            LogRestoreFailed(logger, e, Id);
            if (s.Phase == SweepPhase.Running) await EndAsync(SweepPhase.Failed, $"the sweep could not be restored: {e.Message}");
            return;
        }
        // A sweep from before the smoothness was stored: estimated once more, while its data may still be there.
        if (s.SmoothnessJson is null) _ = Results.SmoothnessAsync(_spec);
        if (s.Phase == SweepPhase.Running)
        {
            LogResumed(logger, Id, _driver.Search.Issued.Count, _driver.Search.Issued.Count - _driver.Search.InFlight);
            Tracking.Begin(_spec, CurrentSearch, "resumed");
            StartPolling(TimeSpan.Zero);
        }
        else
        {
            _resumed = true;
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // A range test is this activation's own thread: the next activation runs it again.
        _rangeTests.Clear();
        Tracking.End($"deactivated: {reason.ReasonCode}");
        // What the last decisions logged, so that the next activation need not ask the trials again.
        if (_log is { } log) await log.FlushAsync();
    }

    public async Task<SweepSummary> Submit(string specJson)
    {
        var (spec, normalized) = StoredSpec.Submitted(specJson, options);
        if (state.State.SpecJson is { } stored)
        {
            if (stored != normalized) throw new InvalidOperationException($"sweep {Id} was already submitted with another spec.");
            return Results.Summary();
        }
        return await BeginAsync(spec, normalized, null);
    }

    public async Task<SweepSummary> Refine(string parentSweepId, int? refinements, int? points)
    {
        ArgumentNullException.ThrowIfNull(parentSweepId);
        if (refinements is < 1) throw new ArgumentException($"refinements: {refinements} is not allowed; must be an integer >= 1.", nameof(refinements));
        if (points is < 1) throw new ArgumentException($"points: {points} is not allowed; must be an integer >= 1.", nameof(points));
        if (state.State.SpecJson is not null)
        {
            if (CurrentSearch?.Inheritance?.ParentSweepId == parentSweepId) return Results.Summary();
            throw new InvalidOperationException($"sweep {Id} already exists; a refinement needs a new sweep id.");
        }
        if (parentSweepId == Id) throw new InvalidOperationException($"sweep {Id} cannot refine itself.");
        var parent = await GrainFactory.GetGrain<ISweepCoordinatorGrain>(parentSweepId).Inherit(refinements, points);
        return await BeginAsync(StoredSpec.Read(parent.SpecJson), parent.SpecJson, parent.Inheritance);
    }

    public async Task<SweepRefinement> Inherit(int? refinements, int? points)
    {
        if (refinements is < 1) throw new ArgumentException($"refinements: {refinements} is not allowed; must be an integer >= 1.", nameof(refinements));
        if (points is < 1) throw new ArgumentException($"points: {points} is not allowed; must be an integer >= 1.", nameof(points));
        var (result, _) = await Results.ResultAsync(includeHistories: false);
        var specJson = state.State.SpecJson ?? throw new InvalidOperationException(NotRestored());
        return new SweepRefinement(specJson, StoredSpec.Inheritance(result, refinements, points));
    }

    private async Task<SweepSummary> BeginAsync(SweepSpec spec, string normalizedSpec, SweepInheritance? inheritance)
    {
        _spec = spec;
        _driver = new SweepDriver(spec, inheritance);
        // The reminder first: should this silo die before the state is written, the reminder finds nothing and goes.
        await Keeper.RegisterAsync();
        var s = state.State;
        s.Begin(normalizedSpec, inheritance is null ? null : SweepLog.Write(inheritance), DateTime.UtcNow);
        await Log.SaveAsync();
        // Estimated once, now, while the data is surely there; stored when done (theory needs it, never the data again).
        _ = Results.SmoothnessAsync(spec);
        await GrainFactory.RegisterSweepAsync(Id, spec.Name, s.StartedUtc, inheritance?.ParentSweepId, logger);
        LogSubmitted(logger, Id, spec.Name);
        _resumed = true;
        Tracking.Begin(spec, CurrentSearch, "submitted");
        StartPolling(PollPeriod);
        await PumpAsync();
        return Results.Summary();
    }

    public async Task<SweepSummary> Retry()
    {
        if (_spec is not { } spec || _driver is not { } driver) throw new InvalidOperationException(NotRestored());
        if (driver.ToRetry() is not { } again) return Results.Summary();
        var s = state.State;
        // The trials first: a trial still saying failed when the coordinator counts it in flight would be reported
        // failed again by the next poll. Should this turn die in between, a retry again finds them running.
        await TrialCalls.RetryAsync(driver.Search, again);
        foreach (var fact in driver.Reopen(again).Log) Log.Append(SweepLogEntry.Of(fact));
        if (s.Phase.IsTerminal())
        {
            await Keeper.RegisterAsync();
            s.Reopen(DateTime.UtcNow);
        }
        await Log.SaveAsync();
        // Replayed from the log, where the reopened runs' ends no longer count: they are in flight again.
        _driver = await RestoreAsync(spec, true, driver.Silos);
        _resumed = true;
        LogRetried(logger, Id, again.Count);
        Tracking.Begin(spec, CurrentSearch, "retried");
        StartPolling(PollPeriod);
        await Guarded(PumpAsync);
        return Results.Summary();
    }

    public Task<SweepSummary> GetStatus() => Task.FromResult(Results.Summary());

    public Task<SweepReport> GetResult(bool includeHistories) => Results.GetResult(includeHistories);

    public Task<SweepResultHeader> GetResultHeader() => Results.GetResultHeader();

    public Task<SweepResultPage> GetResultPage(string? after, int count) => Task.FromResult(Results.GetResultPage(after, count));

    public async Task Cancel()
    {
        if (state.State.Phase != SweepPhase.Running) return;
        var inFlight = _driver?.Search.InFlight ?? 0;
        if (_driver is { } driver) await StopTrialsAsync(driver);
        var effects = _driver?.Cancel() ?? SweepEffects.None with { End = new SweepEnd(SweepStatus.Cancelled, null) };
        await ApplyAsync(effects);
        LogCancelled(logger, Id, inFlight);
    }

    /// <summary>
    /// Stops the trials in flight and reports the end each comes to at its next step before the sweep ends, so that
    /// the cancelled sweep's result lists every trial it started (cancelled, or finished if it got there first).
    /// </summary>
    private async Task StopTrialsAsync(SweepDriver driver)
    {
        var keys = driver.Search.InFlightKeys.Where(k => !driver.IsRangeTest(k)).ToArray();
        var ends = await TrialCalls.StopAsync(keys);
        for (var i = 0; i < keys.Length; i++)
            if (ends[i] is { } end) await ApplyAsync(driver.RunEnded(end.Outcome, end.Silo));
    }

    public Task TrialFinished(string trialId) => TrialEnded(trialId, null);

    public async Task TrialEnded(string trialId, TrialEnd? end)
    {
        if (state.State.SpecJson is null)
        {
            // A trial that is no sweep's (a test's, a bare `sweep train`): nothing to keep this activation for.
            DeactivateOnIdle();
            return;
        }
        if (state.State.Phase != SweepPhase.Running || KeyOf(trialId) is not { } key) return;
        var started = Stopwatch.GetTimestamp();
        var reported = _reports;
        await Guarded(async () =>
        {
            await CollectAsync(key, end);
            await PumpAsync();
        });
        // A duplicate (the poll got there first) decided nothing: only a reported end is a decision.
        if (_reports > reported) metrics.Decision(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>ASHA: a trial asks at its rung whether to go on; the value is stored before the answer is given.</summary>
    public async Task<bool> ContinueAtRung(string trialId, int epoch, double metricValue)
    {
        if (state.State.Phase != SweepPhase.Running || _driver is not { } driver || KeyOf(trialId) is not { } key) return true;
        var (goOn, effects) = driver.RungReached(key, epoch, metricValue);
        if (effects.IsNone) return true;
        await ApplyAsync(effects);
        LogRung(logger, Id, key, epoch, metricValue, goOn);
        return goOn;
    }

    /// <summary>The keeper reactivates a running sweep whose silo was lost (activating resumes it) and goes once the sweep has ended.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != SweepKeeper.Name) return;
        if (state.State.SpecJson is null || state.State.Phase.IsTerminal()) await Keeper.UnregisterAsync();
    }

    private void StartPolling(TimeSpan due) =>
        _poll ??= this.RegisterGrainTimer(_ => Guarded(TickAsync), new GrainTimerCreationOptions { DueTime = due, Period = PollPeriod, KeepAlive = true });

    private async Task TickAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _driver is not { } driver) return;
        var search = driver.Search;
        var keys = search.InFlightKeys.ToArray();
        foreach (var key in keys.Where(driver.IsRangeTest))
            if (!_rangeTests.IsRunning(key)) _rangeTests.Launch(search.Request(key), search, Id, this.AsReference<ISweepCoordinatorGrain>());
        var trials = keys.Where(k => !driver.IsRangeTest(k)).ToArray();
        var phases = await TrialCalls.PollAsync(search, trials, start: !_resumed);
        _resumed = true;
        for (var i = 0; i < trials.Length; i++)
            if (phases[i].IsTerminal()) await CollectAsync(trials[i]);
        foreach (var key in keys.Where(driver.IsRangeTest)) await CollectAsync(key);
        await PumpAsync();
    }

    /// <summary>Reports the end of run <paramref name="key"/> to the driver if it has ended.</summary>
    /// <param name="known">The trial's end as it sent it; null: asked of the trial.</param>
    private async Task CollectAsync(string key, TrialEnd? known = null)
    {
        if (_driver is not { } driver || !driver.Search.IsInFlight(key)) return;
        if (driver.IsRangeTest(key))
        {
            if (_rangeTests.TakeEnded(key) is not { } test) return;
            if (!test.IsCompletedSuccessfully) LogRangeTestFailed(logger, test.Exception?.GetBaseException(), Id, key);
            await ApplyAsync(driver.RangeTestEnded(key, test.IsCompletedSuccessfully ? test.Result : null, test.IsCanceled));
            return;
        }
        if ((known ?? await TrialCalls.Trial(key).GetFigures()) is not { } end) return;
        var effects = driver.RunEnded(end.Outcome, end.Silo);
        if (effects.IsNone) return;
        _reports++;
        Tracking.Best(_spec!, CurrentSearch);
        // Stored by the pump that follows, in the same write as the runs it leads to; an end lost before that write is
        // collected again from its trial, which keeps it.
        await ApplyAsync(effects);
    }

    /// <summary>Pumps the driver: launches what it asks for now, or ends the sweep; the log is stored without waiting.</summary>
    private async Task PumpAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _driver is not { } driver) return;
        // Trials started from here are children of the sweep's span (reverted when this method returns).
        Tracking.MakeCurrent();
        // The silos come from this silo's copy of the load board, refreshed every report period; until it has its
        // first answer, the board itself is asked.
        var rooms = Rooms(loadView.Loads);
        var capacity = driver.Capacity(rooms.Length > 0 || !driver.NeedsRooms ? rooms : Rooms(await GrainFactory.GetGrain<IClusterLoadGrain>(0).GetSilos()));
        await ApplyAsync(driver.Pump(capacity, rooms));
        Log.StoreLater();
    }

    /// <summary>Carries out the driver's effects: the log (stored first when durable), the sweep's end, launches and stops.</summary>
    private async Task ApplyAsync(SweepEffects effects)
    {
        foreach (var fact in effects.Log) Log.Append(SweepLogEntry.Of(fact));
        if (effects.End is { } end)
        {
            await EndAsync(SweepPhases.Of(end.Status), end.Error);
            if (end.Status == SweepStatus.Completed) LogCompleted(logger, Id, CurrentSearch!.Issued.Count, CurrentSearch.Best?.LearningRate);
        }
        else if (effects.Durable)
        {
            await Log.SaveAsync();
        }
        foreach (var request in effects.RangeTests) _rangeTests.Launch(request, CurrentSearch!, Id, this.AsReference<ISweepCoordinatorGrain>());
        if (_driver is { } driver)
            TrialCalls.Launch(driver.Search, effects.Launches, address => loadView.Loads.FirstOrDefault(x => x.Address == address)?.Silo, driver.Placed);
        if (effects.Stops.Count == 0) return;
        _rangeTests.CancelAll();
        await TrialCalls.CancelAsync(effects.Stops.Where(k => !_driver!.IsRangeTest(k)));
    }

    private static SiloRoom[] Rooms(IReadOnlyList<SiloLoad> loads) => [.. loads.Select(l => new SiloRoom(l.Address, l.Slots))];

    private async Task EndAsync(SweepPhase phase, string? error)
    {
        _driver?.Finish(phase.ToStatus(), error);
        state.State.End(phase, error, DateTime.UtcNow);
        await Log.SaveAsync();
        _poll?.Dispose();
        _poll = null;
        if (error is not null) LogFailed(logger, Id, error);
        Tracking.Ended(phase, error);
        await Keeper.UnregisterAsync();
    }

    private async Task Guarded(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            // The log and the search disagree: a bug, not a transient fault; retrying would repeat it forever.
            LogStepFailed(logger, e, Id);
            if (state.State.Phase == SweepPhase.Running) await EndAsync(SweepPhase.Failed, e.Message);
        }
        catch (Exception e)
        {
            // Transient (a trial's silo is going away, storage hiccup): the next poll tries again.
            LogStepFailed(logger, e, Id);
        }
    }

    /// <summary>The driver as the stored pages and the head in memory tell it.</summary>
    private async Task<SweepDriver> RestoreAsync(SweepSpec spec, bool running, SiloCounts? silos)
    {
        var replay = await Log.Store.ReadAsync(state.State);
        var inheritance = state.State.InheritanceJson is { } json ? SweepLog.Read<SweepInheritance>(json) : null;
        return SweepDriver.Restore(spec, inheritance, replay.Facts, running, silos);
    }

    private string NotRestored() =>
        state.State.SpecJson is null ? $"sweep {Id} was never submitted." : $"sweep {Id} could not be restored: {_restoreError ?? state.State.Error}";

    /// <summary>The search's key of a trial of this sweep ("0/1/3" of "s-abc/0/1/3"); null for another sweep's.</summary>
    private string? KeyOf(string trialId) => trialId.StartsWith(Id + "/", StringComparison.Ordinal) ? trialId[(Id.Length + 1)..] : null;
}
