using System.Diagnostics;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Slots;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// One launched attempt of a trial: waits for a slot, then runs the Engine's synchronous trainer on that slot's
/// training thread (<see cref="TrainingThreads"/>).
/// Nothing here touches grain state, and nothing here runs on the grain's scheduler (ConfigureAwait(false)), so the
/// slot is given back even when the activation that launched it is gone.
/// </summary>
internal sealed class TrialRun : ITrialRun, ITrainingObserver
{
    private readonly CancellationTokenSource _cancel = new();
    private volatile bool _stop;
    private volatile bool _started;
    private volatile EpochPoint? _lastEpoch;

    private readonly RungGate? _rungs;
    private readonly TrialTelemetry _telemetry;
    private readonly int _attempt;
    private readonly string _silo;
    private readonly Action<Exception> _onFault;

    private TrialRun(TrialPlan plan, TrainingSlots slots, RungGate? rungs, TrialTelemetry telemetry, int attempt, string silo, Action<Exception> onFault)
    {
        _onFault = onFault;
        _rungs = rungs;
        _telemetry = telemetry;
        _attempt = attempt;
        _silo = silo;
        Completion = RunAsync(plan, slots);
    }

    public TrainingProgress Progress { get; } = new();

    /// <summary>Never faults: a failure is a Trial with status failed.</summary>
    public Task<Trial> Completion { get; }

    /// <summary>It holds a slot (it may already have finished).</summary>
    public bool Started => _started;

    public EpochPoint? LastEpoch => _lastEpoch;

    /// <summary>Its activation is going away without it having finished: its end is not the trial's end.</summary>
    public bool Abandoned { get; private set; }

    public TrialOutput? Output => null;

    /// <param name="rungs">Where to ask the sweep whether to go on (ASHA); null without early stopping.</param>
    /// <param name="onFault">Told of a failure that is not bad input (to log it with its type and stack), on the training thread.</param>
    public static TrialRun Launch(TrialPlan plan, TrainingSlots slots, RungGate? rungs, TrialTelemetry telemetry, int attempt, string silo, Action<Exception> onFault) =>
        new(plan, slots, rungs, telemetry, attempt, silo, onFault);

    public void Cancel() => _cancel.Cancel();

    /// <summary>Ends the run at its next epoch end as stopped (at once if it is still queued).</summary>
    public void Stop()
    {
        _stop = true;
        if (!_started) _cancel.Cancel();
    }

    public void Abandon()
    {
        Abandoned = true;
        _cancel.Cancel();
    }

    bool ITrainingObserver.OnEpoch(EpochPoint epoch, TrainingProgress progress)
    {
        _lastEpoch = epoch;
        if (_stop) return false;
        var goOn = _rungs?.Continue(epoch) ?? true;
        return goOn && !_stop;   // Stop may have come while the coordinator was asked
    }

    private async Task<Trial> RunAsync(TrialPlan plan, TrainingSlots slots)
    {
        var clock = Stopwatch.StartNew();
        IDisposable lease;
        try
        {
            lease = await slots.AcquireAsync(_cancel.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return TrialPlans.Untrained(plan, _stop ? TrialStatus.Stopped : TrialStatus.Cancelled, null, clock.Elapsed.TotalSeconds);
        }
        if (_stop)
        {
            lease.Dispose();
            return TrialPlans.Untrained(plan, TrialStatus.Stopped, null, clock.Elapsed.TotalSeconds);
        }
        _started = true;
        // The trainer is minutes of synchronous CPU work: the slot's training thread, never the grain scheduler or the pool.
        return await slots.Threads.Run(() => Train(plan, lease, clock)).ConfigureAwait(false);
    }

    private Trial Train(TrialPlan plan, IDisposable lease, Stopwatch clock)
    {
        using (lease)
        using (var telemetry = _telemetry.Begin(Progress, _attempt, _silo))
        {
            try
            {
                var trial = Trainer.Run(plan, Progress, this, _cancel.Token);
                telemetry.End(trial);
                return trial;
            }
            catch (InputException e)
            {
                return TrialPlans.Untrained(plan, TrialStatus.Failed, e.Message, clock.Elapsed.TotalSeconds);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _onFault(e);
                return TrialPlans.Untrained(plan, TrialStatus.Failed, TrialFault.Message(e), clock.Elapsed.TotalSeconds);
            }
        }
    }
}
