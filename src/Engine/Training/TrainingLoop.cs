using System.Diagnostics;
using System.Numerics;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Training;

/// <summary>
/// One run: epochs of shuffled mini-batches, one optimizer step per batch, validation after every epoch, divergence
/// detection, and the recorded history. Generic over the float type so the quadratic trains in float64 and the data
/// models in float32 through the same loop. Nothing is allocated per step.
/// </summary>
internal sealed class TrainingLoop<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly TrialPlan _plan;
    private readonly IModel<T> _model;
    private readonly DataSplit _split;
    private readonly int _batchRows;
    private readonly int _stepsPerEpoch;
    private readonly long _totalSteps;

    public TrainingLoop(TrialPlan plan, IModel<T> model, DataSplit split, int batchRows)
    {
        _plan = plan;
        _model = model;
        _split = split;
        _batchRows = batchRows;
        var trainRows = split.TrainRows.Length;
        // PyTorch's DataLoader keeps the last, partial batch (drop_last=False); a model without data takes one step per epoch.
        _stepsPerEpoch = trainRows == 0 ? 1 : (trainRows + batchRows - 1) / batchRows;
        var planned = (long)_stepsPerEpoch * plan.Training.Epochs;
        _totalSteps = plan.Training.MaxSteps is long max ? Math.Min(max, planned) : planned;
    }

    public long TotalSteps => _totalSteps;

    public Trial Run(Func<IModel<T>, ReadOnlyMemory<T>, Smoothness> smoothness, TrainingProgress progress, ITrainingObserver? observer, CancellationToken cancel, IStepHook? hook = null)
    {
        var clock = Stopwatch.StartNew();
        var training = _plan.Training;
        // Cache-line aligned, so a Vector512 load touches one line, not two.
        var parameterMemory = AlignedMemory.Allocate<T>(_model.ParameterCount);
        var parameters = parameterMemory.Span;
        var gradient = AlignedMemory.Allocate<T>(_model.ParameterCount).Span;
        _model.Initialize(parameters, training.Seed);
        var optimizer = OptimizerFactory.Create<T>(_plan.Optimizer, parameters.Length);
        var policy = StepSizePolicy.Create(_plan.Schedule, _plan.LearningRate, _totalSteps, training.Epochs, () => smoothness(_model, parameterMemory));
        var lineSearch = policy.LineSearch is { } armijo ? new ArmijoLineSearch<T>(armijo, parameters.Length) : null;

        // At most MaxHistoryPoints step points whatever historyEvery says: every step of a long run would fill memory.
        const int maxPoints = SpecLimits.MaxHistoryPoints;
        var fewest = Math.Max(1, (_totalSteps + maxPoints - 1) / maxPoints);
        var historyEvery = (int)Math.Min(int.MaxValue, Math.Max(training.HistoryEvery ?? 1, fewest));
        var steps = new List<StepPoint>((int)Math.Min(_totalSteps / historyEvery + 1, maxPoints + 1));
        // Epoch points are thinned like step points: a quadratic's epoch is one step, and a million of them would make
        // a result of a hundred megabytes.
        var epochEvery = Math.Max(1, (training.Epochs + maxPoints - 1) / maxPoints);
        var epochs = new List<EpochPoint>(Math.Min(training.Epochs, maxPoints + 1));
        progress.TotalSteps = _totalSteps;
        progress.TotalEpochs = training.Epochs;

        var order = (int[])_split.TrainRows.Clone();
        var shuffler = new SeededRandom(unchecked((ulong)training.Seed * 0x9E3779B97F4A7C15UL + 0x5EED));
        var status = TrialStatus.Completed;
        var firstLoss = double.NaN;
        long step = 0;
        var epochsCompleted = 0;
        EpochPoint? lastPoint = null;
        string? error = null;

        for (var epoch = 0; epoch < training.Epochs && step < _totalSteps; epoch++)
        {
            shuffler.Shuffle(order.AsSpan());
            var epochLossSum = 0.0;
            var epochBatches = 0;
            for (var b = 0; b < _stepsPerEpoch && step < _totalSteps; b++, step++)
            {
                if (cancel.IsCancellationRequested) { status = TrialStatus.Cancelled; break; }
                var rows = order.Length == 0 ? ReadOnlySpan<int>.Empty
                    : order.AsSpan(b * _batchRows, Math.Min(_batchRows, order.Length - b * _batchRows));
                var rate = hook?.Rate(step) ?? policy.Rate(step, epoch);
                var loss = _model.LossAndGradient(parameters, _split.Train, rows, gradient);
                if (step == 0) firstLoss = loss;
                if (hook is not null && !hook.OnStep(step, rate, loss)) { status = TrialStatus.Stopped; break; }
                if (!double.IsFinite(loss) || loss > training.DivergenceFactor * Math.Abs(firstLoss) && step > 0)
                {
                    status = TrialStatus.Diverged;
                    error = double.IsFinite(loss) ? null : "the training loss became " + loss;
                    if (step % historyEvery == 0) steps.Add(new StepPoint(step, epoch, rate, loss));
                    break;
                }
                if (lineSearch is not null) rate = lineSearch.Search(_model, parameters, gradient, loss, rate, _split.Train, rows);
                if (step % historyEvery == 0) steps.Add(new StepPoint(step, epoch, rate, loss));
                optimizer.Step(parameters, gradient, rate);
                epochLossSum += loss;
                epochBatches++;
                progress.Report(step + 1, epoch, loss, rate, rows.Length);
            }
            // A run cut short by maxSteps or cancellation ends with a partial epoch, which is not an epoch point.
            if (status != TrialStatus.Completed || epochBatches < _stepsPerEpoch) break;

            var validation = Validate(parameters);
            var point = lastPoint = new EpochPoint(epoch, epochLossSum / Math.Max(1, epochBatches), validation?.Loss, NullIfNaN(validation?.Accuracy));
            if (epoch % epochEvery == 0 || epoch == training.Epochs - 1) epochs.Add(point);
            epochsCompleted++;
            if (point.ValidationLoss is double v && !double.IsFinite(v)) { status = TrialStatus.Diverged; break; }
            policy.EndEpoch(point.TrainLoss, point.ValidationLoss, point.ValidationAccuracy);
            if (observer is not null && !observer.OnEpoch(point, progress)) { status = TrialStatus.Stopped; break; }
        }

        if (lastPoint is not null && (epochs.Count == 0 || !ReferenceEquals(epochs[^1], lastPoint))) epochs.Add(lastPoint);
        var final = _model.Evaluate(parameters, _split.Train, _split.TrainRows);
        var finalValidation = epochsCompleted > 0 && step == (long)epochsCompleted * _stepsPerEpoch ? null : Validate(parameters);
        var lastEpoch = epochsCompleted > 0 ? lastPoint : null;
        var validationLoss = finalValidation?.Loss ?? lastEpoch?.ValidationLoss;
        var validationAccuracy = finalValidation is { } fv ? NullIfNaN(fv.Accuracy) : lastEpoch?.ValidationAccuracy;
        if (status == TrialStatus.Completed && !double.IsFinite(final.Loss)) status = TrialStatus.Diverged;
        var learningRate = policy.FixedRate ?? _plan.LearningRate;

        return new Trial(
            TrialId: "local",
            Arm: 0,
            Stage: 0,
            LearningRate: learningRate,
            Optimizer: _plan.Optimizer with { LearningRate = learningRate },
            Schedule: _plan.Schedule,
            Status: status,
            Error: error,
            EpochsCompleted: epochsCompleted,
            Steps: step,
            TrainLoss: FiniteOrNull(final.Loss),
            ValidationLoss: FiniteOrNull(validationLoss),
            ValidationAccuracy: status == TrialStatus.Diverged ? null : validationAccuracy,
            Silo: null,
            Attempts: 1,
            WallSeconds: clock.Elapsed.TotalSeconds,
            Verdict: null,
            History: new TrialHistory(steps, epochs))
        {
            // The first batch's loss stands for the starting loss: exact for full batches, and close enough at the
            // start of mini-batch training to judge a fall, without a pass over the training set.
            InitialLoss = FiniteOrNull(firstLoss),
        };
    }

    private Evaluation? Validate(ReadOnlySpan<T> parameters) =>
        _split.ValidationRows.Length == 0 ? null : _model.Evaluate(parameters, _split.Validation, _split.ValidationRows);

    private static double? NullIfNaN(double? value) => value is double v && double.IsNaN(v) ? null : value;

    private static double? FiniteOrNull(double? value) => value is double v && double.IsFinite(v) ? v : null;
}
