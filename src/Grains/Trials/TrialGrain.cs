using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Placement;
using Orleans.Storage;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Placement;
using SweepCluster.Grains.Slots;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A thin adapter between Orleans and <see cref="Trainer"/>. State is written only under <see cref="_write"/>, from
/// grain turns and from the run's completion (which resumes on this activation's scheduler), never from the training
/// thread. Recovery: activating an unfinished trial that has no run here restarts it with attempts + 1. What activates
/// it once its silo died is its coordinator's next poll (a sweep's trial, <see cref="TrialStart.Supervised"/>) or, for
/// a bare trial, a reminder (the watchdog). A spec with a command trainer runs the user's program instead
/// (<see cref="CommandTrialRun"/>); its output is kept in a state of its own (<see cref="TrialLogsState"/>).
/// </summary>
[FreeSlotPlacement]
public sealed class TrialGrain(
    [PersistentState("trial", SweepStorage.Name)] IPersistentState<TrialGrainState> state,
    TrainingSlots slots,
    WorkerPool pool,
    ILocalSiloDetails localSilo,
    SweepSiloOptions options,
    IEnumerable<ITrialListener> listeners,
    SweepMetrics metrics,
    Results.TrialHistoryStore histories,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain, IRemindable
{
    private readonly SemaphoreSlim _write = new(1, 1);
    private ITrialRun? _run;
    // The finished Trial without its history, and its last epoch: all a status needs. The history is in the results
    // store, read when GetResult asks; or, when the state's JSON holds it whole (none recorded, or the store refused it),
    // in _resultHistory.
    private Trial? _result;
    private TrialHistory? _resultHistory;
    private EpochPoint? _resultEpoch;
    // The finished run's progress (its planned totals); the run itself is let go, since its completion holds the Trial.
    private TrainingProgress? _resultProgress;
    private IGrainTimer? _keepAlive;
    private IGrainTimer? _logSaver;
    private TrialWatchdog? _watchdog;
    private TaskCompletionSource _changed = NewSignal();
    // Watch calls in progress: a finished trial stays active until the last of them has seen its end.
    private int _watchers;
    private TrialOutputKeeper? _output;

    private string Id => this.GetPrimaryKeyString();

    private TrialOutputKeeper Output => _output ??= new TrialOutputKeeper(
        new TrialLogsRecord(ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name), this.GetGrainId()), logger, Id);

    private TrialWatchdog Watchdog => _watchdog ??= new TrialWatchdog(this, options.WatchdogPeriod, Id, logger);

    private string SiloName => Load.SiloLoad.AddressOf(localSilo.SiloAddress);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        if (s.Request is null || s.Phase.IsTerminal()) return;
        // Unfinished, yet this activation is new: the run it had died with its silo (or with an earlier activation).
        var plan = TrialPlans.Create(s.Request);
        if (s.EndRequested is { } end)
        {
            await FinishAsync(TrialPlans.Untrained(plan, end.ToStatus(), null, 0), null);
            return;
        }
        var previous = s.Silo;
        await UpdateAsync(x => { x.Attempts++; x.Silo = SiloName; x.Phase = TrialPhase.Running; });
        TrialGrainLog.Restarted(logger, Id, state.State.Attempts, previous, SiloName);
        await Watchdog.RegisterAsync(s.Request.Supervised);
        Launch(plan, s.Request);
    }

    public async Task<TrialProgress> Start(TrialStart request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The coordinator's placement hint has placed this trial. Left in the request context it would ride on the
        // trial's own calls made from here (its end notice) into the coordinator's turn, and place every trial started
        // there on this silo.
        RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        if (state.State.Request is { } started)
        {
            // A started trial is never started again. A coordinator restored from a log that lacked this request
            // issues it again as it was; one that asks for another run under this id would mix two searches.
            if (started with { Supervised = request.Supervised } != request) throw new ArgumentException(started.Conflict(Id, request), nameof(request));
            return Snapshot();
        }
        var plan = TrialPlans.Create(request);
        // The watchdog first: should this silo die before the state is written, the reminder finds an empty trial
        // and removes itself; the other order could leave a started trial that nothing would ever restart.
        await Watchdog.RegisterAsync(request.Supervised);
        await UpdateAsync(s => { s.Request = request; s.Phase = TrialPhase.Running; s.Attempts = 1; s.Silo = SiloName; });
        Launch(plan, request);
        return Snapshot();
    }

    public async Task<TrialProgress> Retry(TrialStart request)
    {
        var s = state.State;
        if (s.Request is null) return await Start(request);
        if (!s.Phase.IsTerminal())
        {
            if (s.EndRequested is { } end) throw new InvalidOperationException($"trial {Id} is still ending ({end}); retry once it has ended.");
            return Snapshot();
        }
        if (s.Phase is not (TrialPhase.Failed or TrialPhase.Cancelled)) return Snapshot();
        var plan = TrialPlans.Create(s.Request);
        await Watchdog.RegisterAsync(s.Request.Supervised);
        await UpdateAsync(x => { x.Phase = TrialPhase.Running; x.ResultJson = null; x.History = null; x.EndRequested = null; x.Attempts++; x.Silo = SiloName; });
        _result = null;
        _resultHistory = null;
        _resultEpoch = null;
        _resultProgress = null;
        TrialGrainLog.Retried(logger, Id, state.State.Attempts, SiloName);
        Launch(plan, s.Request);
        return Snapshot();
    }

    public Task<TrialProgress> GetStatus() => Task.FromResult(Snapshot());

    public async Task<TrialResult?> GetResult()
    {
        if (Result() is not { } trial) return null;
        var s = state.State;
        // A history in the results store is read back from there, off this turn.
        var whole = s.History is { } history ? await histories.WholeAsync(s.Request!.SweepId, trial, history) : trial with { History = _resultHistory };
        // A reader of a sweep's result reads each trial once: activated for it, the trial leaves again.
        LeaveWhenUnwatched();
        return TrialResult.Of(s.Phase, whole);
    }

    public Task<TrialResult?> GetResultWithoutHistory()
    {
        if (Result() is not { } trial) return Task.FromResult<TrialResult?>(null);
        LeaveWhenUnwatched();
        return Task.FromResult<TrialResult?>(TrialResult.Of(state.State.Phase, trial));
    }

    public Task<TrialEnd?> GetFigures() =>
        Task.FromResult(Result() is { } trial && state.State.Request is { } request ? TrialEnd.Of(Id, request, trial) : null);

    public async IAsyncEnumerable<TrialProgress> Watch([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TrialProgress? last = null;
        _watchers++;
        try
        {
            while (true)
            {
                var now = Snapshot();
                if (now != last) yield return last = now;
                if (now.Phase.IsTerminal() || now.Phase == TrialPhase.Pending) yield break;
                var changed = _changed.Task;
                await Task.WhenAny(changed, Task.Delay(options.ProgressInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            _watchers--;
            LeaveWhenUnwatched();
        }
    }

    /// <summary>
    /// A finished trial leaves memory as soon as nobody watches it: what is read of it later (its result, its logs, a
    /// retry) activates it again from storage, so a sweep's memory holds its running trials, not every trial it ran.
    /// </summary>
    private void LeaveWhenUnwatched()
    {
        if (_watchers == 0 && state.State.Phase.IsTerminal()) DeactivateOnIdle();
    }

    public async Task<TrialLogs?> GetLogs() => state.State.Request is null ? null : _run?.Output?.Snapshot() ?? await StoredLogsAsync();

    public async Task<TrialLogLines?> GetLogsAfter(int attempt, bool stderr, long linesSeen) => state.State.Request is null ? null
        : _run?.Output?.After(attempt, stderr, linesSeen) ?? (await StoredLogsAsync()).After(attempt, stderr, linesSeen);

    private async Task<TrialLogs> StoredLogsAsync() => await Output.ReadAsync() ?? TrialLogs.Empty with { Attempt = state.State.Attempts };

    public Task Cancel() => EndAsync(TrialPhase.Cancelled);

    public Task Stop() => EndAsync(TrialPhase.Stopped);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != TrialWatchdog.Name) return;
        var s = state.State;
        // Terminal or never started: unregister here too, since an unregister right after the end can fail when the
        // silo owning the reminder has just died.
        if (s.Request is null || s.Phase.IsTerminal()) await Watchdog.UnregisterAsync(state.State.Request is { Supervised: true });
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_run is not { Completion.IsCompleted: false } run) return;
        // Shutdown, a lost directory partition, ...: the run ends with this activation and the watchdog restarts it.
        TrialGrainLog.Abandoned(logger, Id, reason.ToString());
        run.Abandon();
        await ((Task)run.Completion).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ContinueOnCapturedContext | ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task EndAsync(TrialPhase end)
    {
        var s = state.State;
        if (s.Request is null || s.Phase.IsTerminal() || s.EndRequested is not null) return;
        await UpdateAsync(x => x.EndRequested = end);
        if (_run is { } run)
        {
            if (end == TrialPhase.Cancelled) run.Cancel(); else run.Stop();
        }
    }

    private void Launch(TrialPlan plan, TrialStart request)
    {
        // The span's parent is the grain call that got here (Start, or the activation that restarts the trial).
        var telemetry = new TrialTelemetry(metrics, request.SweepId, Id, request.Arm, request.LearningRate,
            System.Diagnostics.Activity.Current?.Context ?? default);
        var id = Id;
        var attempt = Math.Max(1, state.State.Attempts);
        var rungs = RungGateFor(request);
        // A spec with a command trainer trains the user's program; its arms' model is the program's placeholder.
        ITrialRun run = request.Trainer is not null
            ? CommandTrialRun.Launch(plan, CommandTrialSetup.For(request, id, attempt, options, SiloName), slots, pool, rungs, telemetry, SiloName,
                e => TrialGrainLog.TrainerFailed(logger, e, id))
            : TrialRun.Launch(plan, slots, rungs, telemetry, attempt, SiloName, e => TrialGrainLog.TrainerFailed(logger, e, id));
        _run = run;
        Output.Restart();
        if (run.Output is { } output)
        {
            _logSaver?.Dispose();
            _logSaver = this.RegisterGrainTimer(_ => ReferenceEquals(run, _run) ? Output.SaveRecentAsync(output) : Task.CompletedTask, new GrainTimerCreationOptions { DueTime = LogSavePeriod, Period = LogSavePeriod });
        }
        // Idle collection must not take an activation whose only work is on another thread.
        _keepAlive ??= this.RegisterGrainTimer(
            _ => { Signal(); return Task.CompletedTask; },
            new GrainTimerCreationOptions { DueTime = KeepAlivePeriod, Period = KeepAlivePeriod, KeepAlive = true });
        _ = CompleteAsync(run);
    }

    private RungGate? RungGateFor(TrialStart request)
    {
        if (request.Rungs.Count == 0) return null;
        var sweep = GrainFactory.GetGrain<Sweeps.ISweepCoordinatorGrain>(request.SweepId);
        var id = Id;
        return new RungGate(request.Rungs, request.Metric, (epoch, value) => sweep.ContinueAtRung(id, epoch, value), e => TrialGrainLog.RungUnanswered(logger, e, id));
    }

    private async Task CompleteAsync(ITrialRun run)
    {
        var trial = await run.Completion;          // resumes on this activation's scheduler
        if (run.Abandoned || !ReferenceEquals(run, _run)) return;
        try
        {
            await FinishAsync(trial, run);
            LeaveWhenUnwatched();
        }
        catch (Exception e)
        {
            // An etag conflict: another activation owns the trial now. Let the stored state decide.
            TrialGrainLog.FinishFailed(logger, e, Id);
            DeactivateOnIdle();
        }
    }

    /// <summary>
    /// Stores a trial's end. A finished run's end is tried again while storage is unreachable (Redis down or
    /// reconnecting): the run is kept here and its end stored once storage is back. Until then the trial reads as
    /// running, so no coordinator counts an end that a new activation would not find; the keep-alive timer holds this
    /// activation meanwhile. False when the run was let go in the meantime.
    /// </summary>
    private async Task<bool> StoreEndAsync(TrialPhase phase, Results.StoredTrial stored, ITrialRun? run)
    {
        var delay = StoreRetryFirst;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await UpdateAsync(x => { x.Phase = phase; x.ResultJson = stored.Json; x.History = stored.History; });
                if (attempt > 1) TrialGrainLog.EndStored(logger, Id, attempt);
                return true;
            }
            catch (Exception e) when (run is not null && !TrialFault.IsConflict(e))
            {
                if (attempt == 1) TrialGrainLog.EndNotStored(logger, Id, TrialFault.Innermost(e).GetType().Name);
                await Task.Delay(delay);
                if (run.Abandoned || !ReferenceEquals(run, _run)) return false;
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, StoreRetryLongest.Ticks));
            }
        }
    }

    private async Task FinishAsync(Trial trial, ITrialRun? run)
    {
        var s = state.State;
        var request = s.Request!;
        // A run the search stopped, or cancelled, ends as asked even if it reached its end in the same step.
        var status = s.EndRequested is { } end && trial.Status is TrialStatus.Cancelled or TrialStatus.Stopped ? end.ToStatus() : trial.Status;
        var final = trial with
        {
            TrialId = Id, Arm = request.Arm, Stage = request.Stage, Status = status,
            Silo = s.Silo ?? SiloName, Attempts = Math.Max(1, s.Attempts),
        };
        // The history goes to the results store, the figures to grain state; neither holds this activation's turn (and
        // with it GetStatus and Cancel).
        var stored = await histories.KeepAsync(request.SweepId, final);
        // The output first, so that whoever sees the trial ended finds all of it.
        if (run?.Output is { } output) await Output.KeepAsync(output, options.ResultsRootOrDefault, request.SweepId);
        if (!await StoreEndAsync(TrialPhases.From(final.Status), stored, run)) return;
        Keep(final);
        if (run is not null && ReferenceEquals(run, _run))
        {
            _resultProgress = run.Progress;
            _run = null;
        }
        metrics.Finished(final.Status.ToString().ToLowerInvariant(), final.WallSeconds);
        _keepAlive?.Dispose();
        _keepAlive = null;
        _logSaver?.Dispose();
        _logSaver = null;
        TrialGrainLog.Finished(logger, Id, final.Status.ToString(), final.Attempts, final.Silo, run?.Progress.Step ?? 0);
        var ended = TrialEnd.Of(Id, request, final);
        foreach (var listener in listeners) listener.OnFinished(final, ended);
        await Watchdog.UnregisterAsync(state.State.Request is { Supervised: true });
    }

    private async Task UpdateAsync(Action<TrialGrainState> change)
    {
        await _write.WaitAsync();
        var before = state.State.Copy();
        try
        {
            change(state.State);
            await state.WriteStateAsync();
        }
        catch
        {
            // What is not stored did not happen: a state changed in memory only would show an end (or a start) that a
            // new activation, reading storage, would not find.
            state.State.RestoreFrom(before);
            throw;
        }
        finally
        {
            _write.Release();
        }
        Signal();
    }

    private TrialProgress Snapshot() => TrialSnapshot.Of(Id, state.State, Result(), _resultProgress, _resultEpoch, _run);

    /// <summary>The finished Trial without its history (read once from the stored JSON), or null while it has not finished.</summary>
    private Trial? Result()
    {
        if (_result is null && state.State is { ResultJson: { } json, Phase: var phase } && phase.IsTerminal()) Keep(Results.TrialJson.Read(json));
        return _result;
    }

    /// <summary>Keeps <paramref name="trial"/>, as the state stores it now, for the calls that read it.</summary>
    private void Keep(Trial trial)
    {
        _result = trial with { History = null };
        _resultHistory = state.State.History is null ? trial.History : null;
        _resultEpoch = trial.History?.Epochs is [.., var e] ? e : null;
    }

    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static readonly TimeSpan KeepAlivePeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LogSavePeriod = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StoreRetryFirst = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan StoreRetryLongest = TimeSpan.FromSeconds(5);
}
