using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials.Specs;

// The model section as Orleans carries it in a trial's start: one surrogate per kind, each with the base's l2.

[GenerateSerializer, Immutable, Alias("spec.model.Quadratic")]
public readonly record struct QuadraticModelSurrogate(double[][]? Hessian, double[]? Eigenvalues, double[]? Linear, double[]? Start, double L2);

[RegisterConverter]
public sealed class QuadraticModelConverter : IConverter<QuadraticModelSpec, QuadraticModelSurrogate>
{
    public QuadraticModelSpec ConvertFromSurrogate(in QuadraticModelSurrogate s) => new(s.Hessian, s.Eigenvalues, s.Linear, s.Start) { L2 = s.L2 };
    public QuadraticModelSurrogate ConvertToSurrogate(in QuadraticModelSpec v) => new(v.Hessian, v.Eigenvalues, v.Linear, v.Start, v.L2);
}

[GenerateSerializer, Immutable, Alias("spec.model.LeastSquares")]
public readonly record struct LeastSquaresModelSurrogate(double L2);

[RegisterConverter]
public sealed class LeastSquaresModelConverter : IConverter<LeastSquaresModelSpec, LeastSquaresModelSurrogate>
{
    public LeastSquaresModelSpec ConvertFromSurrogate(in LeastSquaresModelSurrogate s) => new() { L2 = s.L2 };
    public LeastSquaresModelSurrogate ConvertToSurrogate(in LeastSquaresModelSpec v) => new(v.L2);
}

[GenerateSerializer, Immutable, Alias("spec.model.Logistic")]
public readonly record struct LogisticModelSurrogate(double L2);

[RegisterConverter]
public sealed class LogisticModelConverter : IConverter<LogisticModelSpec, LogisticModelSurrogate>
{
    public LogisticModelSpec ConvertFromSurrogate(in LogisticModelSurrogate s) => new() { L2 = s.L2 };
    public LogisticModelSurrogate ConvertToSurrogate(in LogisticModelSpec v) => new(v.L2);
}

[GenerateSerializer, Immutable, Alias("spec.model.Softmax")]
public readonly record struct SoftmaxModelSurrogate(double L2);

[RegisterConverter]
public sealed class SoftmaxModelConverter : IConverter<SoftmaxModelSpec, SoftmaxModelSurrogate>
{
    public SoftmaxModelSpec ConvertFromSurrogate(in SoftmaxModelSurrogate s) => new() { L2 = s.L2 };
    public SoftmaxModelSurrogate ConvertToSurrogate(in SoftmaxModelSpec v) => new(v.L2);
}

[GenerateSerializer, Immutable, Alias("spec.model.Mlp")]
public readonly record struct MlpModelSurrogate(int[] Hidden, int Activation, double L2);

[RegisterConverter]
public sealed class MlpModelConverter : IConverter<MlpModelSpec, MlpModelSurrogate>
{
    public MlpModelSpec ConvertFromSurrogate(in MlpModelSurrogate s) => new(s.Hidden, (Activation)s.Activation) { L2 = s.L2 };
    public MlpModelSurrogate ConvertToSurrogate(in MlpModelSpec v) => new(v.Hidden, (int)v.Activation, v.L2);
}

/// <summary>A command trainer's model lives in the program: the one placeholder instance, read back as itself.</summary>
[GenerateSerializer, Immutable, Alias("spec.model.Program")]
public readonly record struct ProgramModelSurrogate;

[RegisterConverter]
public sealed class ProgramModelConverter : IConverter<ProgramModelSpec, ProgramModelSurrogate>
{
    public ProgramModelSpec ConvertFromSurrogate(in ProgramModelSurrogate s) => ProgramModelSpec.Instance;
    public ProgramModelSurrogate ConvertToSurrogate(in ProgramModelSpec v) => default;
}
