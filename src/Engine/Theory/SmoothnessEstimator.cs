using System.Numerics;
using System.Numerics.Tensors;
using MathNet.Numerics.LinearAlgebra;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Theory;

/// <summary>
/// L and μ of a training objective, as docs/results.md "theory" defines them: exact eigenvalues for the quadratic and
/// least squares, the λmax(XᵀX)/(4n) + l2 bound for logistic and softmax, power iteration on Hessian-vector products
/// for the MLP (at the given parameters; μ unknown, so 0).
/// </summary>
public static class SmoothnessEstimator
{
    /// <summary>Rows used for the MLP's Hessian-vector products: enough for a stable estimate, cheap next to training.</summary>
    public const int PowerIterationRows = 1024;

    public const int PowerIterations = 30;

    public static Smoothness Quadratic(QuadraticModelSpec spec)
    {
        var (min, max) = QuadraticSpectrum.Of(spec);
        return new Smoothness(max, Math.Max(0, min), SmoothnessSource.Exact);
    }

    /// <summary>The smoothness of a data model's training objective on the training rows of <paramref name="split"/>.</summary>
    public static Smoothness ForData<T>(ModelSpec spec, IModel<T> model, ReadOnlySpan<T> parameters, DataSplit split)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (spec)
        {
            case LeastSquaresModelSpec:
            {
                var h = GramMatrix.Compute(split.Train, split.TrainRows, withBias: true);
                for (var i = 0; i < split.Train.Features; i++) h[i, i] += spec.L2;   // the bias is not decayed
                var (min, max) = ExtremeEigenvalues(h);
                return new Smoothness(max, Math.Max(0, min), SmoothnessSource.Exact);
            }
            case LogisticModelSpec or SoftmaxModelSpec:
            {
                var (_, max) = ExtremeEigenvalues(GramMatrix.Compute(split.Train, split.TrainRows, withBias: true));
                return new Smoothness(max / 4 + spec.L2, spec.L2, SmoothnessSource.Bound);
            }
            default:
                return new Smoothness(PowerIteration(model, parameters, split), 0, SmoothnessSource.PowerIteration);
        }
    }

    private static (double Min, double Max) ExtremeEigenvalues(Matrix<double> symmetric)
    {
        var values = symmetric.Evd(Symmetricity.Symmetric).EigenValues;
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var v in values)
        {
            min = Math.Min(min, v.Real);
            max = Math.Max(max, v.Real);
        }
        return (min, max);
    }

    /// <summary>
    /// |λ|max of the Hessian by power iteration, each product Hv a central difference of gradients,
    /// (∇f(x+εv) − ∇f(x−εv)) / 2ε, over a fixed subset of the training rows.
    /// </summary>
    private static double PowerIteration<T>(IModel<T> model, ReadOnlySpan<T> parameters, DataSplit split)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var n = parameters.Length;
        var rows = split.TrainRows.AsSpan(0, Math.Min(PowerIterationRows, split.TrainRows.Length));
        var v = new T[n];
        var hv = new T[n];
        var shifted = new T[n];
        var gradient = new T[n];
        var random = new SeededRandom(0x5EED_5A0C);
        for (var i = 0; i < n; i++) v[i] = T.CreateChecked(random.NextGaussian());
        Normalize(v);
        var epsilon = typeof(T) == typeof(float) ? 1e-2 : 1e-5;
        var eigenvalue = 0.0;
        for (var iteration = 0; iteration < PowerIterations; iteration++)
        {
            TensorPrimitives.MultiplyAdd(v, T.CreateChecked(epsilon), parameters, shifted);
            model.LossAndGradient(shifted, split.Train, rows, gradient);
            TensorPrimitives.MultiplyAdd(v, T.CreateChecked(-epsilon), parameters, shifted);
            model.LossAndGradient(shifted, split.Train, rows, hv);   // models chunk batches beyond their scratch size
            TensorPrimitives.Subtract(gradient, hv, hv);
            TensorPrimitives.Multiply(hv, T.CreateChecked(1 / (2 * epsilon)), hv);
            eigenvalue = double.CreateChecked(TensorPrimitives.Dot<T>(v, hv));
            var norm = double.CreateChecked(TensorPrimitives.Norm<T>(hv));
            if (norm == 0 || !double.IsFinite(norm)) break;
            TensorPrimitives.Multiply(hv, T.CreateChecked(1 / norm), v);
        }
        return Math.Abs(eigenvalue);
    }

    private static void Normalize<T>(Span<T> v) where T : unmanaged, IFloatingPointIeee754<T> =>
        TensorPrimitives.Multiply(v, T.One / TensorPrimitives.Norm<T>(v), v);
}
