using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Training;

/// <summary>Runs one training run in this thread and returns its Trial (CONTRACT §4). The entry point of the engine.</summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="plan"/> to the end (or divergence, cancellation, an observer's stop). Bad data or a model
    /// that does not fit the data throws <see cref="InputException"/>. The verdict is judged against the objective's own
    /// lower bound; a sweep re-judges it against the best trial of the arm.
    /// </summary>
    public static Trial Run(TrialPlan plan, TrainingProgress? progress = null, ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        progress ??= new TrainingProgress();
        var split = DataLoader.Load(plan.Data, plan.Training.Seed);
        Trial trial;
        double lowerBound;
        bool deterministic;
        if (plan.Model is QuadraticModelSpec quadratic)
        {
            var model = new QuadraticModel(quadratic);
            var loop = new TrainingLoop<double>(plan, model, split, 1);
            trial = loop.Run((_, _) => SmoothnessEstimator.Quadratic(quadratic), progress, observer, cancel);
            lowerBound = QuadraticMinimum(quadratic);
            deterministic = true;
        }
        else
        {
            var trainRows = split.TrainRows.Length;
            if (trainRows == 0) throw new InputException("data: the training set is empty; trainSize must be at least 1.");
            var batchRows = Math.Min(plan.Training.BatchSize ?? trainRows, trainRows);
            var model = ModelFactory.Create(plan.Model, split.Train, batchRows);
            var loop = new TrainingLoop<float>(plan, model, split, batchRows);
            trial = loop.Run((m, p) => SmoothnessEstimator.ForData(plan.Model, m, p, split), progress, observer, cancel);
            lowerBound = 0;   // cross-entropy and squared error are non-negative, and so is the l2 term
            deterministic = batchRows == trainRows;
        }
        var referenceFall = trial.InitialLoss is double initial && double.IsFinite(lowerBound) ? initial - lowerBound : 0;
        return trial with { Verdict = VerdictJudge.Judge(trial, referenceFall, deterministic) };
    }

    /// <summary>Whether every step sees the whole training set (full batch or no data), so step losses carry no noise.</summary>
    public static bool IsDeterministic(TrialPlan plan, int trainRows) =>
        plan.Model is QuadraticModelSpec || plan.Training.BatchSize is null || plan.Training.BatchSize >= trainRows;

    /// <summary>min ½xᵀQx − bᵀx = −½ bᵀQ⁻¹b for positive definite Q; −∞ (no bound) otherwise.</summary>
    public static double QuadraticMinimum(QuadraticModelSpec spec)
    {
        var n = spec.Dimension;
        var q = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(n, n, spec.DenseHessian()).Transpose();
        var b = MathNet.Numerics.LinearAlgebra.Vector<double>.Build.Dense(spec.Linear ?? new double[n]);
        var evd = q.Evd(MathNet.Numerics.LinearAlgebra.Symmetricity.Symmetric);
        if (evd.EigenValues.Any(v => v.Real <= 0)) return double.NegativeInfinity;
        return -0.5 * b.DotProduct(q.Solve(b));
    }
}
