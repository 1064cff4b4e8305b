using System.Numerics.Tensors;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Models;

/// <summary>
/// f(x) = ½ xᵀQx − bᵀx in float64 with a dense symmetric Q: the gradient Qx − b is exact and the data is ignored,
/// so every "batch" is the full objective. Its smoothness and strong convexity are Q's extreme eigenvalues.
/// </summary>
public sealed class QuadraticModel : IModel<double>, IHasParameterLayout
{
    private readonly double[] _q;
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
            CheckHessian(h);
        else
            CheckFinite(spec.Eigenvalues!, "model.eigenvalues");

        _q = spec.DenseHessian();
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

    /// <summary>Q, row-major Dimension × Dimension.</summary>
    public ReadOnlySpan<double> Hessian => _q;

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
        int n = Dimension;
        for (int i = 0; i < n; i++)
            destination[i] = TensorPrimitives.Dot(_q.AsSpan(i * n, n), x);
    }

    private void CheckLength(int length, string name)
    {
        if (length != Dimension) throw new ArgumentException($"{name} has {length} values, the model {Dimension}.", name);
    }

    private static void CheckHessian(double[][] h)
    {
        int n = h.Length;
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
