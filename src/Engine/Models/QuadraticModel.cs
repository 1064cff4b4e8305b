using System.Numerics.Tensors;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// f(x) = ½ xᵀQx − bᵀx in float64 with a symmetric positive semi-definite Q: the gradient Qx − b is exact and the
/// data is ignored, so every "batch" is the full objective. Its smoothness and strong convexity are Q's extreme
/// eigenvalues. A Q given as <c>eigenvalues</c> is kept as its diagonal (memory and work linear in the dimension); one
/// given as a dense <c>hessian</c> as an n×n matrix.
/// </summary>
public sealed class QuadraticModel : IModel<double>, IHasParameterLayout
{
    private readonly double[]? _q;
    private readonly double[]? _diagonal;
    private readonly double[] _b;
    private readonly double[] _start;
    private readonly double[] _qx;

    /// <summary>Checks the spec and throws <see cref="InputException"/> naming the field for what a user got wrong.</summary>
    public QuadraticModel(QuadraticModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if ((spec.Hessian is null) == (spec.Eigenvalues is null))
            throw new InputException("model: a quadratic needs exactly one of 'hessian' (a symmetric matrix) or 'eigenvalues' (its diagonal).");
        if (spec.L2 != 0)
            throw new InputException($"model.l2: the quadratic has no l2 term (got {spec.L2}); put it in model.hessian instead.");
        int n = spec.Dimension;
        if (n == 0)
            throw new InputException($"model.{(spec.Hessian is null ? "eigenvalues" : "hessian")} is empty: the quadratic needs at least one dimension.");
        if (spec.Hessian is { } h)
        {
            CheckHessian(h);
            _q = spec.DenseHessian();
        }
        else
        {
            CheckEigenvalues(spec.Eigenvalues!);
            _diagonal = (double[])spec.Eigenvalues!.Clone();
        }

        _b = Vector(spec.Linear, n, "model.linear", 0.0);
        _start = Vector(spec.Start, n, "model.start", 1.0);
        _qx = new double[n];
        Dimension = n;
        Layout = new ParameterLayout([new ParameterBlock("x", ParameterRole.Weight, 0, n, 1)]);
    }

    public int Dimension { get; }

    public int ParameterCount => Dimension;

    /// <summary>One block "x" (dimension × 1); it carries no l2.</summary>
    public ParameterLayout Layout { get; }

    /// <summary>Q, row-major Dimension × Dimension, when given as a dense hessian; empty for a diagonal Q.</summary>
    public ReadOnlySpan<double> Hessian => _q;

    /// <summary>Q's diagonal when given as eigenvalues; empty for a dense Q.</summary>
    public ReadOnlySpan<double> Diagonal => _diagonal;

    /// <summary>b.</summary>
    public ReadOnlySpan<double> Linear => _b;

    /// <summary>Writes the spec's start (ones by default); the seed is not used.</summary>
    public void Initialize(Span<double> parameters, int seed)
    {
        CheckLength(parameters.Length, nameof(parameters));
        _start.CopyTo(parameters);
    }

    public double LossAndGradient(ReadOnlySpan<double> parameters, Dataset data, ReadOnlySpan<int> rows, Span<double> gradient)
    {
        CheckLength(parameters.Length, nameof(parameters));
        CheckLength(gradient.Length, nameof(gradient));
        MultiplyQ(parameters, gradient);
        TensorPrimitives.Subtract(gradient, _b, gradient);
        // ½xᵀQx − bᵀx = ½xᵀ(Qx − b) − ½bᵀx
        return 0.5 * (TensorPrimitives.Dot(parameters, gradient) - TensorPrimitives.Dot(parameters, (ReadOnlySpan<double>)_b));
    }

    public double Loss(ReadOnlySpan<double> parameters, Dataset data, ReadOnlySpan<int> rows)
    {
        CheckLength(parameters.Length, nameof(parameters));
        MultiplyQ(parameters, _qx);
        return 0.5 * TensorPrimitives.Dot(parameters, (ReadOnlySpan<double>)_qx) - TensorPrimitives.Dot(parameters, (ReadOnlySpan<double>)_b);
    }

    public Evaluation Evaluate(ReadOnlySpan<double> parameters, Dataset data, ReadOnlySpan<int> rows) =>
        new(Loss(parameters, data, rows), double.NaN);

    private void MultiplyQ(ReadOnlySpan<double> x, Span<double> destination)
    {
        if (_diagonal is not null)
        {
            TensorPrimitives.Multiply(x, _diagonal, destination);
            return;
        }
        int n = Dimension;
        for (int i = 0; i < n; i++)
            destination[i] = TensorPrimitives.Dot(_q.AsSpan(i * n, n), x);
    }

    private void CheckLength(int length, string name)
    {
        if (length != Dimension) throw new ArgumentException($"{name} has {length} values, the model {Dimension}.", name);
    }

    private static void CheckEigenvalues(double[] eigenvalues)
    {
        if (eigenvalues.Length > SpecLimits.MaxQuadraticDimension)
            throw new InputException($"model.eigenvalues has {eigenvalues.Length:N0} values; a quadratic may have at most {SpecLimits.MaxQuadraticDimension:N0} dimensions.");
        CheckFinite(eigenvalues, "model.eigenvalues");
        int negative = Array.FindIndex(eigenvalues, v => v < 0);
        if (negative >= 0)
            throw new InputException($"model.eigenvalues[{negative}] is {eigenvalues[negative]}: eigenvalues must be ≥ 0 (Q positive semi-definite, else the loss has no minimum).");
    }

    private static void CheckHessian(double[][] h)
    {
        int n = h.Length;
        if (n > SpecLimits.MaxHessianDimension)
            throw new InputException($"model.hessian has {n:N0} rows; a dense hessian may have at most {SpecLimits.MaxHessianDimension:N0} (give a diagonal Q as eigenvalues).");
        for (int i = 0; i < n; i++)
        {
            if (h[i] is null || h[i].Length != n)
                throw new InputException($"model.hessian must be square: row {i} has {h[i]?.Length ?? 0} values, expected {n}.");
            CheckFinite(h[i], $"model.hessian[{i}]");
        }
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                double a = h[i][j], c = h[j][i];
                if (Math.Abs(a - c) > 1e-12 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(c))))
                    throw new InputException($"model.hessian must be symmetric: [{i}][{j}] is {a} but [{j}][{i}] is {c}.");
            }
        var spectrum = QuadraticSpectrum.Of(new QuadraticModelSpec(Hessian: h));
        if (!spectrum.IsPositiveSemiDefinite)
            throw new InputException($"model.hessian is not positive semi-definite: its smallest eigenvalue is {spectrum.Min}; every eigenvalue must be ≥ 0, else the loss has no minimum.");
    }

    private static void CheckFinite(double[] values, string field)
    {
        for (int i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw new InputException($"{field}[{i}] is {values[i]}: every value must be a finite number.");
    }

    private static double[] Vector(double[]? given, int n, string field, double fill)
    {
        if (given is null) return Enumerable.Repeat(fill, n).ToArray();
        if (given.Length != n)
            throw new InputException($"{field} has {given.Length} values, expected {n} (the dimension of the quadratic).");
        CheckFinite(given, field);
        return (double[])given.Clone();
    }
}
