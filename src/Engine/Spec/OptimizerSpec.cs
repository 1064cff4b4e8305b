using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// A torch.optim optimizer with PyTorch's defaults (docs/spec.md optimizer). <see cref="LearningRate"/> is null only
/// when the spec left it out and a search supplies η.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SgdSpec), "sgd")]
[JsonDerivedType(typeof(AdagradSpec), "adagrad")]
[JsonDerivedType(typeof(RmsPropSpec), "rmsprop")]
[JsonDerivedType(typeof(AdamSpec), "adam")]
[JsonDerivedType(typeof(AdamWSpec), "adamw")]
[JsonDerivedType(typeof(AdadeltaSpec), "adadelta")]
public abstract record OptimizerSpec
{
    public double? LearningRate { get; init; }
    public double WeightDecay { get; init; }
}

public sealed record SgdSpec(double Momentum = 0, double Dampening = 0, bool Nesterov = false) : OptimizerSpec;

public sealed record AdagradSpec(double Eps = 1e-10, double InitialAccumulator = 0, double LrDecay = 0) : OptimizerSpec;

public sealed record RmsPropSpec(double Alpha = 0.99, double Eps = 1e-8, double Momentum = 0, bool Centered = false) : OptimizerSpec;

public sealed record AdamSpec(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, bool Amsgrad = false) : OptimizerSpec;

/// <summary>Adam with decoupled weight decay; the parser sets <see cref="OptimizerSpec.WeightDecay"/> to 0.01 when absent.</summary>
public sealed record AdamWSpec(double Beta1 = 0.9, double Beta2 = 0.999, double Eps = 1e-8, bool Amsgrad = false) : OptimizerSpec;

public sealed record AdadeltaSpec(double Rho = 0.9, double Eps = 1e-6) : OptimizerSpec;
