using System.Diagnostics;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Slots;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// One launched attempt of a trial: waits for a slot, then runs the Engine's synchronous trainer on that slot's
/// training thread (<see cref="TrainingThreads"/>).
/// Nothing here touches grain state, and nothing here runs on the grain's scheduler (ConfigureAwait(false)), so the
/// slot is given back even when the activation that launched it is gone.
/// </summary>
internal sealed class TrialRun : ITrainingObserver
{
    private readonly CancellationTokenSource _cancel = new();
    private volatile bool _stop;
    private volatile bool _started;
    private volatile EpochReport? _lastEpoch;

    private TrialRun(TrialPlan plan, TrainingSlots slots) => Completion = RunAsync(plan, slots);

    public TrainingProgress Progress { get; } = new();

    /// <summary>Never faults: a failure is a Trial with status failed.</summary>
    public Task<Trial> Completion { get; }

    /// <summary>It holds a slot (it may already have finished).</summary>
    public bool Started => _started;

    public EpochReport? LastEpoch => _lastEpoch;

    /// <summary>Its activation is going away without it having finished: its end is not the trial's end.</summary>
    public bool Abandoned { get; private set; }

    public static TrialRun Launch(TrialPlan plan, TrainingSlots slots) => new(plan, slots);

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
        _lastEpoch = new EpochReport(epoch.Epoch, epoch.TrainLoss, epoch.ValidationLoss, epoch.ValidationAccuracy);
        return !_stop;
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
        {
            try
            {
                return Trainer.Run(plan, Progress, this, _cancel.Token);
            }
            catch (InputException e)
            {
                return TrialPlans.Untrained(plan, TrialStatus.Failed, e.Message, clock.Elapsed.TotalSeconds);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return TrialPlans.Untrained(plan, TrialStatus.Failed, $"{e.GetType().Name}: {e.Message}", clock.Elapsed.TotalSeconds);
            }
        }
    }
}
