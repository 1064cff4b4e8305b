using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Registry;
using SweepCluster.Grains.Telemetry;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Does across the cluster what <see cref="LocalSweepRunner"/> does on threads. Every run is logged in one write with
/// the ends that led to it (report, ask for more, log, launch), a write the launch does not wait for; an end not
/// written yet is collected again from its trial, and a request not written yet is issued again as it was (the search
/// is deterministic), so <see cref="SweepSearch.Restore"/> on a new activation continues exactly where the old one
/// stopped. The log is append-only and paged (<see cref="SweepLogStore"/>): a write costs the entries since
/// the last sealed page, and in memory the coordinator holds only its search (requests and outcomes as records).
/// </summary>
/// <remarks>
/// Trial ends arrive two ways: <see cref="SweepTrialNotifier"/> tells the coordinator at once (the next stage starts
/// without delay), and a poll of the trials in flight every <see cref="PollPeriod"/> makes up for a lost message
/// (one-way calls are dropped when this silo or the trial's dies). Duplicates are harmless: a key is reported once.
/// Range tests run here, on a dedicated thread, outside the training slots (they are short and one per arm).
/// A reminder reactivates the sweep after its silo is lost; the poll timer keeps the activation alive meanwhile.
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
    private readonly Dictionary<string, RangeTestRun> _rangeTests = [];
    private SweepSpec? _spec;
    private SweepSearch? _search;
    private IGrainTimer? _poll;
    // The sweep's span while its coordinator runs here: one per activation, since a span cannot move between silos.
    private Activity? _span;
    // A new activation first makes sure every trial in flight was started (the old one may have died between
    // persisting a request and starting its trial); Start is idempotent.
    private bool _resumed;
    // The Start calls of the latest launches. A decision sends them and goes on: waiting for each trial to be placed,
    // activated and persisted took most of a decision's time (Cluster.Bench decisions, load average 16: grid median
    // 1.6 ms → 0.6 ms). Cancel waits for them, so that it never overtakes a Start (the trial would train after it).
    private Task _starting = Task.CompletedTask;
    // Ends reported to the search by this activation: a call that reported none decided nothing.
    private int _reports;
    private (SweepSearch? Search, IReadOnlyList<string> Lines) _warnings = (null, []);
    // Why OnActivateAsync could not restore the sweep; null when it could.
    private string? _restoreError;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.SpecJson is not { } json) return;
        bool migrating;
        try
        {
            // A head an earlier version wrote holds its whole log: it becomes the tail, stored in the paged form below.
            migrating = SweepLegacyLog.MoveIntoTail(s);
            _spec = StoredSpec.Read(json);
            _search = await RestoreAsync(_spec);
        }
        catch (Exception e) when (e is InputException or InvalidOperationException or JsonException)
        {
            _restoreError = e.Message;
            LogRestoreFailed(logger, e, Id);
            if (s.Phase == SweepPhase.Running) await EndAsync(SweepPhase.Failed, $"the sweep could not be restored: {e.Message}");
            return;
        }
        if (migrating) await SaveAsync();
        // A sweep from before the smoothness was stored: estimated once more, while its data may still be there.
        if (s.SmoothnessJson is null) _ = SmoothnessAsync(_spec);
        if (s.Phase == SweepPhase.Running)
        {
            LogResumed(logger, Id, _search.Issued.Count, _search.Issued.Count - _search.InFlight);
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
        if (Unsaved)
        {
            try
            {
                await WriteAsync();
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
        // Stored as the contract writes it, which is what trial grains are sent and parse back to an equal spec.
        var normalized = JsonSerializer.Serialize(spec, SpecJson.Options);
        if (state.State.SpecJson is { } stored)
        {
            if (stored != normalized) throw new InvalidOperationException($"sweep {Id} was already submitted with another spec.");
            return Summary();
        }
        return await BeginAsync(spec, normalized, null);
    }

    private async Task<SweepSummary> BeginAsync(SweepSpec spec, string normalizedSpec, SweepInheritance? inheritance)
    {
        _spec = spec;
        _search = new SweepSearch(spec, inheritance);
        // The reminder first: should this silo die before the state is written, the reminder finds nothing and goes.
        await this.RegisterOrUpdateReminder(Keeper, options.WatchdogPeriod, options.WatchdogPeriod);
        var s = state.State;
        s.SpecJson = normalizedSpec;
        s.InheritanceJson = inheritance is null ? null : SweepLog.Write(inheritance);
        s.Phase = SweepPhase.Running;
        s.StartedUtc = DateTime.UtcNow;
        await SaveAsync();
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

    public Task<SweepSummary> GetStatus() => Task.FromResult(Summary());

    public async Task Cancel()
    {
        if (state.State.Phase != SweepPhase.Running) return;
        var inFlight = _search?.InFlightKeys.ToArray() ?? [];
        await EndAsync(SweepPhase.Cancelled, null);
        await _starting;
        foreach (var run in _rangeTests.Values) run.Cancel.Cancel();
        await Task.WhenAll(inFlight.Where(k => !IsRangeTest(k)).Select(k => Trial(k).Cancel()));
        LogCancelled(logger, Id, inFlight.Length);
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

    private void StartPolling(TimeSpan due) =>
        _poll ??= this.RegisterGrainTimer(_ => Guarded(TickAsync), new GrainTimerCreationOptions { DueTime = due, Period = PollPeriod, KeepAlive = true });

    private async Task TickAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _search is not { } search) return;
        var keys = search.InFlightKeys.ToArray();
        foreach (var key in keys.Where(IsRangeTest))
            if (!_rangeTests.ContainsKey(key)) LaunchRangeTest(search.Request(key));
        var trials = keys.Where(k => !IsRangeTest(k)).ToArray();
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
        foreach (var key in keys.Where(IsRangeTest)) await CollectAsync(key);
        await PumpAsync();
    }

    /// <summary>Reports the end of run <paramref name="key"/> if it has ended and was not reported yet.</summary>
    /// <param name="known">The trial's figures as it sent them with its end; null: asked of the trial.</param>
    private async Task CollectAsync(string key, TrialFigures? known = null)
    {
        if (_search is not { } search || !search.IsInFlight(key)) return;
        var request = search.Request(key);
        if (request.Purpose == TrialPurpose.RangeTest)
        {
            if (!_rangeTests.TryGetValue(key, out var run) || !run.Task.IsCompleted) return;
            _rangeTests.Remove(key);
            if (run.Task.IsCompletedSuccessfully)
            {
                Append(RangeTestReported.Of(key, run.Task.Result));
                await SaveAsync();
                search.ReportRangeTest(key, run.Task.Result);
                return;
            }
            var failed = TrialOutcome.Unfinished(request, run.Task.IsCanceled ? TrialStatus.Cancelled : TrialStatus.Failed);
            LogRangeTestFailed(logger, run.Task.Exception?.GetBaseException(), Id, key);
            Report(failed);
            return;
        }
        if ((known ?? await Trial(key).GetFigures()) is not { } figures || !search.IsInFlight(key)) return;
        Report(figures.ToOutcome(request));
        Ended(figures.Silo);
    }

    /// <summary>
    /// Logs and reports an end; <see cref="PumpAsync"/> stores it, in the same write as the runs it leads to: one
    /// write per decision instead of two. An end lost before that write is collected again from its trial, which keeps it.
    /// </summary>
    private void Report(TrialOutcome outcome)
    {
        Append(OutcomeReported.Of(outcome));
        _search!.Report(outcome);
        _reports++;
        metrics.BestMetric(Id, MetricName, BestFigure());
    }

    /// <summary>Launches what the search asks for now, or ends the sweep when it is complete.</summary>
    private async Task PumpAsync()
    {
        if (state.State.Phase != SweepPhase.Running || _search is not { } search) return;
        // Trials started from here are children of the sweep's span (reverted when this method returns).
        if (_span is not null) Activity.Current = _span;
        if (search.IsComplete)
        {
            await EndAsync(SweepPhase.Completed, null);
            LogCompleted(logger, Id, search.Issued.Count, search.Best?.LearningRate);
            return;
        }
        var requests = search.Next(await CapacityAsync(search));
        if (requests.Count == 0)
        {
            if (search.InFlight == 0) await EndAsync(SweepPhase.Failed, "the search is not complete but has nothing to run and nothing running.");
            else StoreLater();
            return;
        }
        foreach (var request in requests) Append(RequestIssued.Of(request));
        StoreLater();
        foreach (var request in requests.Where(r => r.Purpose == TrialPurpose.RangeTest)) LaunchRangeTest(request);
        var starts = requests.Where(r => r.Purpose == TrialPurpose.Train).Select(r => StartAsync(r, NextSilo())).ToList();
        if (!_starting.IsCompleted) starts.Add(_starting);
        _starting = Task.WhenAll(starts);
    }

    /// <summary>
    /// The cluster's training slots, plus one run per silo, less this sweep's runs in flight (at least one when none
    /// are), or unbounded when the spec sets search.concurrency (the search caps it). Not the load board's free slots:
    /// they are up to a second old and count this sweep's own runs, so they would both hold back the next stage and
    /// overfill a silo. A trial beyond a silo's slots queues there and starts when a slot frees.
    /// </summary>
    /// <remarks>
    /// The run per silo beyond its slots waits in that silo's queue and takes a slot the moment it frees, instead of
    /// after the round trip of report, decide, place and start (2–10 ms on a busy 2-core machine): on trials of a few
    /// milliseconds that idled a fifth of the slots' time (Cluster.Bench utilisation at load average 17–22: 75–80% →
    /// 85–90%). The silos and their slots come from this silo's copy of the load board, which changes only when a silo
    /// joins or leaves and is refreshed every report period: asking the board itself was a grain call per decision,
    /// across the network when the board lives on another silo. Until the copy has its first answer, the board is asked.
    /// </remarks>
    private async Task<int> CapacityAsync(SweepSearch search)
    {
        if (search.Spec.Search.Concurrency is not null) return int.MaxValue;
        var silos = loadView.Loads is { Count: > 0 } known ? known : await GrainFactory.GetGrain<IClusterLoadGrain>(0).GetSilos();
        var slots = silos.Sum(x => x.Slots) + silos.Count;
        return Math.Max(search.InFlight == 0 ? 1 : 0, slots - search.InFlight);
    }

    private async Task EndAsync(SweepPhase phase, string? error)
    {
        var s = state.State;
        s.Phase = phase;
        s.EndedUtc = DateTime.UtcNow;
        s.Error = error;
        await SaveAsync();
        _poll?.Dispose();
        _poll = null;
        if (error is not null) LogFailed(logger, Id, error);
        _span?.SetStatus(phase == SweepPhase.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, error);
        Untrack(phase.ToString().ToLowerInvariant());
        await UnregisterKeeperAsync();
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

    private SweepSummary Summary()
    {
        var s = state.State;
        var counts = new Dictionary<TrialPhase, int>();
        if (_search is { } search)
        {
            foreach (var (status, count) in search.CountByStatus())
                counts[TrialPhases.From(status)] = counts.GetValueOrDefault(TrialPhases.From(status)) + count;
            if (search.InFlight > 0) counts[TrialPhase.Running] = search.InFlight;
        }
        var best = _search?.Best;
        var metric = best is null ? null : TrialRanking.Figure(best, _search!.Metric).Value;
        return new SweepSummary(Id, _spec?.Name, s.Phase, _search?.Issued.Count ?? 0, counts,
            best is null ? null : SweepResultBuilder.TrialId(Id, best.Key), best?.LearningRate, metric, s.Error, SiloLoad.AddressOf(localSilo.SiloAddress))
            {
                Stages = _search?.Stages.Count ?? 0,
                Metric = _search is null ? null : SweepSummary.NameOf(_search.Metric),
                Warnings = s.Phase is SweepPhase.Running or SweepPhase.None ? [] : EndWarnings(),
            };
    }

    /// <summary>The ended sweep's warnings, worked out once per search: a summary is asked for every quarter second.</summary>
    private IReadOnlyList<string> EndWarnings()
    {
        if (_search is not { } search) return [];
        if (!ReferenceEquals(_warnings.Search, search)) _warnings = (search, search.Warnings());
        return _warnings.Lines;
    }

    private string NotRestored() =>
        state.State.SpecJson is null ? $"sweep {Id} was never submitted." : $"sweep {Id} could not be restored: {_restoreError ?? state.State.Error}";

    /// <summary>True for an issued run that is a range test (it runs here, not in a trial grain).</summary>
    private bool IsRangeTest(string key) => _search!.Request(key).Purpose == TrialPurpose.RangeTest;

    /// <summary>The trials of this sweep's result: its training runs in the order issued, then the inherited ones.</summary>
    private IReadOnlyList<string> ResultKeys() => _search is not { } search ? [] :
        [.. search.Issued.Where(r => r.Purpose == TrialPurpose.Train).Select(r => r.Key), .. search.Inheritance?.Outcomes.Select(o => o.Key) ?? []];

    /// <summary>The search's key of a trial of this sweep ("0/1/3" of "s-abc/0/1/3"); null for another sweep's.</summary>
    private string? KeyOf(string trialId) => trialId.StartsWith(Id + "/", StringComparison.Ordinal) ? trialId[(Id.Length + 1)..] : null;

    // Supervised: this grain's poll restarts a trial whose silo was lost (TickAsync), so it needs no watchdog reminder.
    private TrialStart StartOf(TrialRequest request) =>
        new(Id, request.Arm, request.Stage, request.LearningRate, state.State.SpecJson!, Supervised: true);

    private ITrialGrain Trial(string key) => GrainFactory.GetGrain<ITrialGrain>(SweepResultBuilder.TrialId(Id, key));
}
