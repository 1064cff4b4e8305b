using System.Diagnostics;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Slots;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// One launched attempt of a trial that trains a user's program: waits for a slot, runs the program there through the
/// silo's <see cref="WorkerPool"/> (a process of its own, or the slot's warm worker) and turns its reports into live
/// progress, ASHA rung questions and, at the end, the Trial. Stop and cancel signal the program's process group.
/// Nothing here touches grain state or runs on the grain's scheduler.
/// </summary>
internal sealed class CommandTrialRun : ITrialRun, ICommandRunObserver
{
    private readonly CancellationTokenSource _queued = new();
    private readonly TrialControl _control = new();
    private readonly TrialPlan _plan;
    private readonly CommandTrialSetup _setup;
    private readonly RungGate? _rungs;
    private readonly TrialTelemetry _telemetry;
    private readonly string _silo;
    private readonly Action<Exception> _onFault;
    private volatile bool _stop;
    private volatile bool _started;
    private volatile EpochPoint? _lastEpoch;

    private CommandTrialRun(TrialPlan plan, CommandTrialSetup setup, TrainingSlots slots, WorkerPool pool, RungGate? rungs,
        TrialTelemetry telemetry, string silo, Action<Exception> onFault)
    {
        _plan = plan;
        _setup = setup;
        _rungs = rungs;
        _telemetry = telemetry;
        _silo = silo;
        _onFault = onFault;
        Output = new TrialOutput(setup.Context.Attempt);
        // Off the grain's scheduler from its first line: starting a process and reading its output are no grain's turn.
        Completion = Task.Run(() => RunAsync(slots, pool));
    }

    public TrainingProgress Progress { get; } = new();

    public Task<Trial> Completion { get; }

    public bool Started => _started;

    public EpochPoint? LastEpoch => _lastEpoch;

    public bool Abandoned { get; private set; }

    public TrialOutput Output { get; }

    TrialOutput? ITrialRun.Output => Output;

    /// <param name="rungs">Where to ask the sweep whether to go on (ASHA); null without early stopping.</param>
    /// <param name="onFault">Told of a failure of the runner itself (not of the program), to log it with its type and stack.</param>
    public static CommandTrialRun Launch(TrialPlan plan, CommandTrialSetup setup, TrainingSlots slots, WorkerPool pool, RungGate? rungs,
        TrialTelemetry telemetry, string silo, Action<Exception> onFault) =>
        new(plan, setup, slots, pool, rungs, telemetry, silo, onFault);

    public void Cancel()
    {
        _control.RequestCancel();
        _queued.Cancel();
    }

    public void Stop()
    {
        _stop = true;
        _control.RequestStop();
        if (!_started) _queued.Cancel();
    }

    public void Abandon()
    {
        Abandoned = true;
        Cancel();
    }

    void ICommandRunObserver.OnLine(OutputStream stream, string line) => Output.Append(stream, line);

    async ValueTask<ReportDecision> ICommandRunObserver.OnReportAsync(TrainerReport report, CancellationToken cancel)
    {
        var learningRate = report.LearningRate ?? (double.IsNaN(Progress.LearningRate) ? _plan.LearningRate : Progress.LearningRate);
        Progress.Reported(report.Step ?? Progress.Step, report.Epoch ?? Progress.Epoch, report.TrainLoss ?? Progress.Loss, learningRate, _setup.TotalEpochs);
        if (report.Epoch is not int epoch) return ReportDecision.Continue;
        _lastEpoch = new EpochPoint(epoch, report.TrainLoss ?? double.NaN, report.ValidationLoss, report.ValidationAccuracy);
        if (_stop) return ReportDecision.Stop;
        // A program numbers its epochs from 1 (the epochs completed); the gate counts from 0.
        var goOn = _rungs is null || await _rungs.ContinueAsync(
            new EpochPoint(epoch - 1, report.TrainLoss ?? double.NaN, report.ValidationLoss, report.ValidationAccuracy)).ConfigureAwait(false);
        return goOn && !_stop ? ReportDecision.Continue : ReportDecision.Stop;
    }

    private async Task<Trial> RunAsync(TrainingSlots slots, WorkerPool pool)
    {
        var clock = Stopwatch.StartNew();
        if (_setup.Trainer is not { } trainer) return TrialPlans.Untrained(_plan, TrialStatus.Failed, _setup.Refusal, 0);
        TrainingSlots.SlotLease lease;
        try
        {
            lease = await slots.AcquireAsync(_queued.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return TrialPlans.Untrained(_plan, _stop ? TrialStatus.Stopped : TrialStatus.Cancelled, null, clock.Elapsed.TotalSeconds);
        }
        using (lease)
        {
            if (_stop) return TrialPlans.Untrained(_plan, TrialStatus.Stopped, null, clock.Elapsed.TotalSeconds);
            _started = true;
            using var telemetry = _telemetry.Begin(Progress, _setup.Context.Attempt, _silo);
            Progress.Reported(0, 0, double.NaN, _plan.LearningRate, _setup.TotalEpochs);
            try
            {
                var run = await pool.RunTrialAsync(lease.Index, trainer, _setup.Context, _setup.ForSlot(lease.Index), this, _control).ConfigureAwait(false);
                var trial = CommandTrial.From(run, "", _setup.Context.Arm, _setup.Context.Stage, _plan.LearningRate, _plan.Optimizer, _plan.Schedule);
                telemetry.End(trial);
                return trial;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                _onFault(e);
                return TrialPlans.Untrained(_plan, TrialStatus.Failed, TrialFault.Message(e), clock.Elapsed.TotalSeconds);
            }
        }
    }
}
