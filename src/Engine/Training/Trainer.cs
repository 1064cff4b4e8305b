using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Training;

/// <summary>Runs one training run in this thread and returns its Trial (docs/results.md). The entry point of the engine.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="plan"/> to the end (or divergence, cancellation, an observer's stop). Bad data or a model
    /// that does not fit the data throws <see cref="InputException"/>. The verdict is judged against the objective's own
    /// lower bound; a sweep re-judges it against the best trial of the arm.
    /// </summary>
    public static Trial Run(TrialPlan plan, TrainingProgress? progress = null, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        var (trial, lowerBound, deterministic) = Train(plan, progress ?? new TrainingProgress(), observer, null, cancel);
        var referenceFall = trial.InitialLoss is double initial && double.IsFinite(lowerBound) ? initial - lowerBound : 0;
        return trial with { Verdict = VerdictJudge.Judge(trial, referenceFall, deterministic) };
    }

    /// <summary>
    /// Runs <paramref name="plan"/> for <see cref="IStepHook.Steps"/> steps with the hook setting every rate and seeing
    /// every batch loss (the LR range test). No verdict: the run is a probe, not a trial.
    /// </summary>
    internal static Trial RunHooked(TrialPlan plan, IStepHook hook, TrainingProgress? progress = null, CancellationToken cancel = default) =>
        Train(plan, progress ?? new TrainingProgress(), null, hook, cancel).Trial;

    private static (Trial Trial, double LowerBound, bool Deterministic) Train(
        TrialPlan plan, TrainingProgress progress, ITrainingObserver? observer, IStepHook? hook, CancellationToken cancel)
    {
        var split = DataLoader.Load(plan.Data, plan.Training.Seed);
        if (plan.Model is QuadraticModelSpec quadratic)
        {
            var model = new QuadraticModel(quadratic);
            var loop = new TrainingLoop<double>(ForHook(plan, hook, 1), model, split, 1);
            var trial = loop.Run((_, _) => SmoothnessEstimator.Quadratic(quadratic), progress, observer, cancel, hook);
            return (trial, QuadraticMinimum(quadratic), true);
        }
        else
        {
            var trainRows = split.TrainRows.Length;
            if (trainRows == 0) throw new InputException("data: the training set is empty; trainSize must be at least 1.");
            var batchRows = Math.Min(plan.Training.BatchSize ?? trainRows, trainRows);
            var model = ModelFactory.Create(plan.Model, split.Train, batchRows);
            ModelFactory.Prepare(split.Validation);   // its shared sparse copy now, not during the first evaluation
            var loop = new TrainingLoop<float>(ForHook(plan, hook, (trainRows + batchRows - 1) / batchRows), model, split, batchRows);
            var trial = loop.Run((m, p) => SmoothnessEstimator.ForData(plan.Model, m, p.Span, split), progress, observer, cancel, hook);
            // Cross-entropy and squared error are non-negative, and so is the l2 term.
            return (trial, 0, batchRows == trainRows);
        }
    }

    // A hooked run takes exactly the hook's steps, over as many epochs as they need, whatever the plan's epochs say.
    private static TrialPlan ForHook(TrialPlan plan, IStepHook? hook, int stepsPerEpoch) => hook is null
        ? plan
        : plan with
        {
            Training = plan.Training with
            {
                Epochs = (int)Math.Min(SpecLimits.MaxEpochs, (hook.Steps + stepsPerEpoch - 1) / stepsPerEpoch),
                MaxSteps = hook.Steps,
            },
        };

    /// <summary>min ½xᵀQx − bᵀx = −½ bᵀQ⁻¹b for positive definite Q; −∞ (no bound) otherwise.</summary>
    public static double QuadraticMinimum(QuadraticModelSpec spec)
    {
        var n = spec.Dimension;
        if (spec.Eigenvalues is { } diagonal)
        {
            if (diagonal.Any(v => v <= 0)) return double.NegativeInfinity;
            var b2 = spec.Linear ?? new double[n];
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += b2[i] * b2[i] / diagonal[i];
            return -0.5 * sum;
        }
        var q = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, spec.DenseHessian()).Transpose();
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(spec.Linear ?? new double[n]);
        var evd = q.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        if (evd.EigenValues.Any(v => v.Real <= 0)) return double.NegativeInfinity;
        return -0.5 * b.DotProduct(q.Solve(b));
    }
}
