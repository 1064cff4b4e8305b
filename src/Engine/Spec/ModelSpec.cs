using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>The model and its objective (docs/spec.md model). One derived record per <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(QuadraticModelSpec), "quadratic")]
[JsonDerivedType(typeof(LeastSquaresModelSpec), "least-squares")]
[JsonDerivedType(typeof(LogisticModelSpec), "logistic")]
[JsonDerivedType(typeof(SoftmaxModelSpec), "softmax")]
[JsonDerivedType(typeof(MlpModelSpec), "mlp")]
public abstract record ModelSpec
{
    /// <summary>The (l2/2)‖w‖² coefficient; always 0 for quadratic.</summary>
    /// <remarks>Left out when 0 so that a written quadratic model, which has no l2 field, reads back.</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public double L2 { get; init; }
}

/// <summary>½ xᵀQx − bᵀx in float64. Exactly one of <see cref="Hessian"/> or <see cref="Eigenvalues"/> (diagonal Q) is set.</summary>
public sealed record QuadraticModelSpec(
    double[][]? Hessian = null,
    double[]? Eigenvalues = null,
    double[]? Linear = null,
    double[]? Start = null) : ModelSpec
{
    [JsonIgnore] public int Dimension => Eigenvalues?.Length ?? Hessian!.Length;

    /// <summary>Q as a dense row-major matrix (n² values: refused past <see cref="SpecLimits.MaxHessianDimension"/>).</summary>
    public double[] DenseHessian()
    {
        var n = Dimension;
        if (n > SpecLimits.MaxHessianDimension)
            throw new InvalidOperationException($"A dense Q of dimension {n} would take {(long)n * n * 8:N0} bytes; at most {SpecLimits.MaxHessianDimension} is built.");
        var q = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                q[i * n + j] = Eigenvalues is { } ev ? (i == j ? ev[i] : 0.0) : Hessian![i][j];
        return q;
    }
}

public sealed record LeastSquaresModelSpec : ModelSpec;

public sealed record LogisticModelSpec : ModelSpec;

public sealed record SoftmaxModelSpec : ModelSpec;

public sealed record MlpModelSpec(int[] Hidden, Activation Activation = Activation.Relu) : ModelSpec
{
    public MlpModelSpec() : this([128]) { }
}

/// <summary>
/// The model of a command trainer: it lives in the user's program, so the spec has none. Stands in
/// <see cref="SweepSpec.Model"/> and <see cref="ArmSpec.Model"/>; never written and never trained by the engine.
/// </summary>
public sealed record ProgramModelSpec : ModelSpec
{
    public static ProgramModelSpec Instance { get; } = new();
}
