using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
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
public sealed partial class SweepCoordinatorGrain(
    [PersistentState(SweepLogStore.HeadStateName, SweepStorage.Name)] IPersistentState<SweepCoordinatorState> state,
    [FromKeyedServices(SweepStorage.Name)] IGrainStorage storage,
    SweepSiloOptions options,
    SweepMetrics metrics,
    ClusterLoadView loadView,
    ILocalSiloDetails localSilo,
    ILogger<SweepCoordinatorGrain> logger) : Grain, ISweepCoordinatorGrain, IRemindable
{
    private const string Keeper = "sweep-keeper";
    private static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(1);
    // How long a cancel waits for its trials' ends, well inside a grain call's timeout, and how often it asks.
    private static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan StopCheckPeriod = TimeSpan.FromMilliseconds(50);
    private readonly Dictionary<string, RangeTestRun> _rangeTests = [];
    private SweepSpec? _spec;
    private SweepDriver? _driver;
    private SweepLogWriter? _log;
    private IGrainTimer? _poll;
    // The sweep's span while its coordinator runs here: one per activation, since a span cannot move between silos.
    private Activity? _span;
    // A new activation first makes sure every trial in flight was started (the old one may have died between
    // persisting a request and starting its trial); Start is idempotent.
    private bool _resumed;
    // The Start calls of the latest launches: a decision sends them and goes on. Cancel waits for them, so that it
    // never overtakes a Start (the trial would train after it).
    private Task _starting = Task.CompletedTask;
    // Ends reported to the driver by this activation: a call that reported none decided nothing.
    private int _reports;
    private (SweepSearch? Search, IReadOnlyList<string> Lines) _warnings = (null, []);
    // Why OnActivateAsync could not restore the sweep; null when it could.
    private string? _restoreError;

    private string Id => this.GetPrimaryKeyString();

    private SweepSearch? CurrentSearch => _driver?.Search;

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
        if (s.SmoothnessJson is null) _ = SmoothnessAsync(_spec);
        if (s.Phase == SweepPhase.Running)
        {
            LogResumed(logger, Id, _driver.Search.Issued.Count, _driver.Search.Issued.Count - _driver.Search.InFlight);
            Track("resumed");
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
        foreach (var run in _rangeTests.Values) run.Cancel.Cancel();
        _rangeTests.Clear();
        Untrack($"deactivated: {reason.ReasonCode}");
        // What the last decisions logged, so that the next activation need not ask the trials again.
        if (_log is { Unsaved: true } log)
        {
            try
            {
                await log.WriteAsync();
            }
            catch (Exception e)
            {
                LogStepFailed(logger, e, Id);
            }
        }
    }

    public async Task<SweepSummary> Submit(string specJson)
    {
        ArgumentNullException.ThrowIfNull(specJson);
        SweepSpec spec;
        try
        {
            // Its data paths must lie under this silo's data root: a spec must not read the silo host's other files.
            spec = SpecParser.Parse(specJson, dataRoot: options.DataRoot);
        }
        catch (InputException e)
        {
            // No parameter name: its "(Parameter ...)" suffix would end the user's message.
            throw new ArgumentException($"the spec has problems:{Environment.NewLine}{e.Message}");
        }
        if (TrainerTrust.Refusal(spec, options) is { } refusal) throw new ArgumentException(refusal);
        // Stored as the contract writes it, which is what trial grains are sent and parse back to an equal spec.
        var normalized = JsonSerializer.Serialize(spec, SpecJson.Options);
        if (state.State.SpecJson is { } stored)
        {
            if (stored != normalized) throw new InvalidOperationException($"sweep {Id} was already submitted with another spec.");
            return Summary();
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
            if (CurrentSearch?.Inheritance?.ParentSweepId == parentSweepId) return Summary();
            throw new InvalidOperationException($"sweep {Id} already exists; a refinement needs a new sweep id.");
        }
        if (parentSweepId == Id) throw new InvalidOperationException($"sweep {Id} cannot refine itself.");
        var report = await GrainFactory.GetGrain<ISweepCoordinatorGrain>(parentSweepId).GetResult(includeHistories: false);
        var parent = SweepLog.Read<SweepResult>(report.Json);
        SweepInheritance inheritance;
        try
        {
            inheritance = SweepInheritance.From(parent, refinements, points);
        }
        catch (InputException e)
        {
            throw new InvalidOperationException(e.Message);
        }
        return await BeginAsync(parent.Spec, JsonSerializer.Serialize(parent.Spec, SpecJson.Options), inheritance);
    }

    private async Task<SweepSummary> BeginAsync(SweepSpec spec, string normalizedSpec, SweepInheritance? inheritance)
    {
        _spec = spec;
        _driver = new SweepDriver(spec, inheritance);
        // The reminder first: should this silo die before the state is written, the reminder finds nothing and goes.
        await this.RegisterOrUpdateReminder(Keeper, options.WatchdogPeriod, options.WatchdogPeriod);
        var s = state.State;
        s.SpecJson = normalizedSpec;
        s.InheritanceJson = inheritance is null ? null : SweepLog.Write(inheritance);
        s.Phase = SweepPhase.Running;
        s.StartedUtc = DateTime.UtcNow;
        await Log.SaveAsync();
        // Estimated once, now, while the data is surely there; stored when done (theory needs it, never the data again).
        _ = SmoothnessAsync(spec);
        await GrainFactory.RegisterSweepAsync(Id, spec.Name, s.StartedUtc, inheritance?.ParentSweepId, logger);
        LogSubmitted(logger, Id, spec.Name);
        _resumed = true;
        Track("submitted");
        StartPolling(PollPeriod);
        await PumpAsync();
        return Summary();
    }

    public async Task<SweepSummary> Retry()
    {
        if (_spec is not { } spec || _driver is not { } driver) throw new InvalidOperationException(NotRestored());
        if (driver.ToRetry() is not { } again) return Summary();
        var s = state.State;
        // The trials first: a trial still saying failed when the coordinator counts it in flight would be reported
        // failed again by the next poll. Should this turn die in between, a retry again finds them running.
        await Task.WhenAll(again.Where(r => r.Purpose == TrialPurpose.Train).Select(r => Trial(r.Key).Retry(StartOf(r))));
        foreach (var fact in driver.Reopen(again).Log) Log.Append(SweepLogEntry.Of(fact));
        if (s.Phase.IsTerminal())
        {
            await this.RegisterOrUpdateReminder(Keeper, options.WatchdogPeriod, options.WatchdogPeriod);
            s.EarlierWallSeconds = s.WallSeconds(DateTime.UtcNow);
            s.StartedUtc = DateTime.UtcNow;
            s.EndedUtc = null;
            s.Error = null;
            s.Phase = SweepPhase.Running;
        }
        await Log.SaveAsync();
        // Replayed from the log, where the reopened runs' ends no longer count: they are in flight again.
        _driver = await RestoreAsync(spec, true, driver.Silos);
        _resumed = true;
        LogRetried(logger, Id, again.Count);
        Track("retried");
        StartPolling(PollPeriod);
        await Guarded(PumpAsync);
        return Summary();
    }

    public Task<SweepSummary> GetStatus() => Task.FromResult(Summary());

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
    /// the cancelled sweep's result lists every trial it started (cancelled, or finished if it got there first). A
    /// trial that does not end within <see cref="StopPatience"/> (its silo lost) is left to end on its own.
    /// </summary>
    private async Task StopTrialsAsync(SweepDriver driver)
    {
        await _starting;
        var keys = driver.Search.InFlightKeys.Where(k => !driver.IsRangeTest(k)).ToArray();
        var deadline = DateTime.UtcNow + StopPatience;
        var ends = await Task.WhenAll(keys.Select(k => StopAsync(Trial(k), deadline)));
        for (var i = 0; i < keys.Length; i++)
            if (ends[i] is { } figures) await ApplyAsync(driver.RunEnded(figures.ToOutcome(driver.Search.Request(keys[i])), figures.Silo));
    }

    /// <summary>Cancels <paramref name="trial"/> and waits for its end until <paramref name="deadline"/>; null if it has none by then.</summary>
    private async Task<TrialFigures?> StopAsync(ITrialGrain trial, DateTime deadline)
    {
        try
        {
            await trial.Cancel();
            while (true)
            {
                if (await trial.GetFigures() is { } figures) return figures;
                if (DateTime.UtcNow >= deadline) return null;
                await Task.Delay(StopCheckPeriod);
            }
        }
        catch (Exception e)
        {
            LogStopUnanswered(logger, Id, trial.GetPrimaryKeyString(), e.Message);
            return null;
        }
    }

    public Task TrialFinished(string trialId) => TrialEnded(trialId, null);

    public async Task TrialEnded(string trialId, TrialFigures? figures)
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
            await CollectAsync(key, figures);
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
        if (reminderName != Keeper) return;
        if (state.State.SpecJson is null || state.State.Phase.IsTerminal()) await UnregisterKeeperAsync();
    }

    private void StartPolling(TimeSpan due) =>
        _poll ??= this.RegisterGrainTimer(_ => Guarded(TickAsync), new GrainTimerCreationOptions { DueTime = due, Period = PollPeriod, KeepAlive = true });

    private async Task TickAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _driver is not { } driver) return;
        var search = driver.Search;
        var keys = search.InFlightKeys.ToArray();
        foreach (var key in keys.Where(driver.IsRangeTest))
            if (!_rangeTests.ContainsKey(key)) LaunchRangeTest(search.Request(key));
        var trials = keys.Where(k => !driver.IsRangeTest(k)).ToArray();
        var phases = await Task.WhenAll(trials.Select(async k =>
        {
            var trial = Trial(k);
            var progress = _resumed ? await trial.GetStatus() : await trial.Start(StartOf(search.Request(k)));
            // Pending: the start was lost (persisted, then the call failed); start it now.
            if (progress.Phase == TrialPhase.Pending) progress = await trial.Start(StartOf(search.Request(k)));
            return progress.Phase;
        }));
        _resumed = true;
        for (var i = 0; i < trials.Length; i++)
            if (phases[i].IsTerminal()) await CollectAsync(trials[i]);
        foreach (var key in keys.Where(driver.IsRangeTest)) await CollectAsync(key);
        await PumpAsync();
    }

    /// <summary>Reports the end of run <paramref name="key"/> to the driver if it has ended.</summary>
    /// <param name="known">The trial's figures as it sent them with its end; null: asked of the trial.</param>
    private async Task CollectAsync(string key, TrialFigures? known = null)
    {
        if (_driver is not { } driver || !driver.Search.IsInFlight(key)) return;
        if (driver.IsRangeTest(key))
        {
            if (!_rangeTests.TryGetValue(key, out var run) || !run.Task.IsCompleted) return;
            _rangeTests.Remove(key);
            if (!run.Task.IsCompletedSuccessfully) LogRangeTestFailed(logger, run.Task.Exception?.GetBaseException(), Id, key);
            await ApplyAsync(driver.RangeTestEnded(key, run.Task.IsCompletedSuccessfully ? run.Task.Result : null, run.Task.IsCanceled));
            return;
        }
        if ((known ?? await Trial(key).GetFigures()) is not { } figures) return;
        var effects = driver.RunEnded(figures.ToOutcome(driver.Search.Request(key)), figures.Silo);
        if (effects.IsNone) return;
        _reports++;
        metrics.BestMetric(Id, MetricName, BestFigure());
        // Stored by the pump that follows, in the same write as the runs it leads to; an end lost before that write is
        // collected again from its trial, which keeps it.
        await ApplyAsync(effects);
    }

    /// <summary>Pumps the driver: launches what it asks for now, or ends the sweep; the log is stored without waiting.</summary>
    private async Task PumpAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _driver is not { } driver) return;
        // Trials started from here are children of the sweep's span (reverted when this method returns).
        if (_span is not null) Activity.Current = _span;
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
            await EndAsync(end.Status switch
            {
                SweepStatus.Completed => SweepPhase.Completed,
                SweepStatus.Cancelled => SweepPhase.Cancelled,
                _ => SweepPhase.Failed,
            }, end.Error);
            if (end.Status == SweepStatus.Completed) LogCompleted(logger, Id, CurrentSearch!.Issued.Count, CurrentSearch.Best?.LearningRate);
        }
        else if (effects.Durable)
        {
            await Log.SaveAsync();
        }
        foreach (var request in effects.RangeTests) LaunchRangeTest(request);
        if (effects.Launches.Count > 0)
        {
            var starts = effects.Launches.Select(l => StartAsync(l.Request, loadView.Loads.FirstOrDefault(x => x.Address == l.Silo)?.Silo)).ToList();
            if (!_starting.IsCompleted) starts.Add(_starting);
            _starting = Task.WhenAll(starts);
        }
        if (effects.Stops.Count == 0) return;
        await _starting;
        foreach (var run in _rangeTests.Values) run.Cancel.Cancel();
        await Task.WhenAll(effects.Stops.Where(k => !_driver!.IsRangeTest(k)).Select(k => Trial(k).Cancel()));
    }

    private static SiloRoom[] Rooms(IReadOnlyList<SiloLoad> loads) => [.. loads.Select(l => new SiloRoom(l.Address, l.Slots))];

    /// <param name="silo">Where to place the trial (a placement hint for this call only, which the free-slot director
    /// honours); null: where the board says.</param>
    private async Task StartAsync(TrialRequest request, SiloAddress? silo)
    {
        try
        {
            if (silo is not null) RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            var start = Trial(request.Key).Start(StartOf(request));
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
            var started = await start;
            if (silo is null) _driver?.Placed(started.Silo);
        }
        catch (Exception e)
        {
            // The poll starts it again (a persisted request whose trial says Pending), and fails the sweep if the
            // trial refuses the request (ArgumentException).
            LogStartFailed(logger, e, Id, request.Key);
        }
    }

    /// <summary>A range test runs here, on a dedicated thread of this silo, outside the training slots.</summary>
    private void LaunchRangeTest(TrialRequest request)
    {
        var plan = CurrentSearch!.PlanFor(request);
        var settings = CurrentSearch.RangeTestSettings!;
        var cancel = new CancellationTokenSource();
        var task = Task.Factory.StartNew(() => LrRangeTest.Run(plan, settings, null, cancel.Token), cancel.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _rangeTests[request.Key] = new RangeTestRun(task, cancel);
        var self = this.AsReference<ISweepCoordinatorGrain>();
        var trialId = SweepResultBuilder.TrialId(Id, request.Key);
        // Ends are reported by a message to this grain, so that the report runs as a turn of its own.
        _ = task.ContinueWith(_ => cancel.IsCancellationRequested ? Task.CompletedTask : self.TrialFinished(trialId), TaskScheduler.Default);
    }

    private async Task EndAsync(SweepPhase phase, string? error)
    {
        _driver?.Finish(phase.ToStatus(), error);
        var s = state.State;
        s.Phase = phase;
        s.EndedUtc = DateTime.UtcNow;
        s.Error = error;
        await Log.SaveAsync();
        _poll?.Dispose();
        _poll = null;
        if (error is not null) LogFailed(logger, Id, error);
        _span?.SetStatus(phase == SweepPhase.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, error);
        Untrack(phase.ToString().ToLowerInvariant());
        await UnregisterKeeperAsync();
    }

    private async Task UnregisterKeeperAsync()
    {
        try
        {
            if (await this.GetReminder(Keeper) is { } reminder) await this.UnregisterReminder(reminder);
        }
        catch (Exception e)
        {
            // The next tick unregisters it (ReceiveReminder).
            LogUnregisterFailed(logger, Id, e.Message);
        }
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

    private SweepSummary Summary() =>
        SweepSummary.Of(Id, _spec?.Name, state.State.Phase, state.State.Error, CurrentSearch, SiloLoad.AddressOf(localSilo.SiloAddress))
            with { Warnings = state.State.Phase is SweepPhase.Running or SweepPhase.None ? [] : EndWarnings() };

    /// <summary>The ended sweep's warnings, worked out once per search: a summary is asked for every quarter second.</summary>
    private IReadOnlyList<string> EndWarnings()
    {
        if (CurrentSearch is not { } search) return [];
        if (!ReferenceEquals(_warnings.Search, search)) _warnings = (search, search.Warnings());
        return _warnings.Lines;
    }

    /// <summary>The best trial's value of the sweep's metric; null when there is none (or only a train-loss fallback).</summary>
    private double? BestFigure() =>
        CurrentSearch?.Best is { } best && TrialRanking.Figure(best, CurrentSearch.Metric) is (double value, true) ? value : null;

    private string MetricName => SweepSummary.NameOf(_spec!.Search.Metric);

    /// <summary>The sweep runs here now: counted as active, with a span (a child of the submitting call, if any).</summary>
    private void Track(string how)
    {
        metrics.SweepActive(Id, true);
        metrics.BestMetric(Id, MetricName, BestFigure());
        if (_span is not null) return;
        _span = SweepTelemetry.Source.StartActivity("sweep", ActivityKind.Internal);
        _span?.SetTag("sweep.id", Id);
        _span?.SetTag("sweep.name", _spec?.Name);
        _span?.SetTag("sweep.start", how);
    }

    private void Untrack(string end)
    {
        metrics.SweepActive(Id, false);
        _span?.SetTag("sweep.end", end);
        _span?.Dispose();
        _span = null;
    }

    private string NotRestored() =>
        state.State.SpecJson is null ? $"sweep {Id} was never submitted." : $"sweep {Id} could not be restored: {_restoreError ?? state.State.Error}";

    /// <summary>The search's key of a trial of this sweep ("0/1/3" of "s-abc/0/1/3"); null for another sweep's.</summary>
    private string? KeyOf(string trialId) => trialId.StartsWith(Id + "/", StringComparison.Ordinal) ? trialId[(Id.Length + 1)..] : null;

    // Supervised: this grain's poll restarts a trial whose silo was lost (TickAsync), so it needs no watchdog reminder.
    private TrialStart StartOf(TrialRequest request) => TrialStart.Of(Id, request, CurrentSearch!.ArmFor(request), supervised: true);

    private ITrialGrain Trial(string key) => GrainFactory.GetGrain<ITrialGrain>(SweepResultBuilder.TrialId(Id, key));

    private sealed record RangeTestRun(Task<LrFinderResult> Task, CancellationTokenSource Cancel);
}
