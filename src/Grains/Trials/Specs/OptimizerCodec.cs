using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials.Specs;

// The optimizer section as Orleans carries it in a trial's start: one surrogate per kind, each with the base's η and
// weight decay.

[GenerateSerializer, Immutable, Alias("spec.optimizer.Sgd")]
public readonly record struct SgdSurrogate(double? LearningRate, double WeightDecay, double Momentum, double Dampening, bool Nesterov);

[RegisterConverter]
public sealed class SgdConverter : IConverter<SgdSpec, SgdSurrogate>
{
    public SgdSpec ConvertFromSurrogate(in SgdSurrogate s) =>
        new(s.Momentum, s.Dampening, s.Nesterov) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public SgdSurrogate ConvertToSurrogate(in SgdSpec v) => new(v.LearningRate, v.WeightDecay, v.Momentum, v.Dampening, v.Nesterov);
}

[GenerateSerializer, Immutable, Alias("spec.optimizer.Adagrad")]
public readonly record struct AdagradSurrogate(double? LearningRate, double WeightDecay, double Eps, double InitialAccumulator, double LrDecay);

[RegisterConverter]
public sealed class AdagradConverter : IConverter<AdagradSpec, AdagradSurrogate>
{
    public AdagradSpec ConvertFromSurrogate(in AdagradSurrogate s) =>
        new(s.Eps, s.InitialAccumulator, s.LrDecay) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public AdagradSurrogate ConvertToSurrogate(in AdagradSpec v) => new(v.LearningRate, v.WeightDecay, v.Eps, v.InitialAccumulator, v.LrDecay);
}

[GenerateSerializer, Immutable, Alias("spec.optimizer.RmsProp")]
public readonly record struct RmsPropSurrogate(double? LearningRate, double WeightDecay, double Alpha, double Eps, double Momentum, bool Centered);

[RegisterConverter]
public sealed class RmsPropConverter : IConverter<RmsPropSpec, RmsPropSurrogate>
{
    public RmsPropSpec ConvertFromSurrogate(in RmsPropSurrogate s) =>
        new(s.Alpha, s.Eps, s.Momentum, s.Centered) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public RmsPropSurrogate ConvertToSurrogate(in RmsPropSpec v) => new(v.LearningRate, v.WeightDecay, v.Alpha, v.Eps, v.Momentum, v.Centered);
}

[GenerateSerializer, Immutable, Alias("spec.optimizer.Adam")]
public readonly record struct AdamSurrogate(double? LearningRate, double WeightDecay, double Beta1, double Beta2, double Eps, bool Amsgrad);

[RegisterConverter]
public sealed class AdamConverter : IConverter<AdamSpec, AdamSurrogate>
{
    public AdamSpec ConvertFromSurrogate(in AdamSurrogate s) =>
        new(s.Beta1, s.Beta2, s.Eps, s.Amsgrad) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public AdamSurrogate ConvertToSurrogate(in AdamSpec v) => new(v.LearningRate, v.WeightDecay, v.Beta1, v.Beta2, v.Eps, v.Amsgrad);
}

[GenerateSerializer, Immutable, Alias("spec.optimizer.AdamW")]
public readonly record struct AdamWSurrogate(double? LearningRate, double WeightDecay, double Beta1, double Beta2, double Eps, bool Amsgrad);

[RegisterConverter]
public sealed class AdamWConverter : IConverter<AdamWSpec, AdamWSurrogate>
{
    public AdamWSpec ConvertFromSurrogate(in AdamWSurrogate s) =>
        new(s.Beta1, s.Beta2, s.Eps, s.Amsgrad) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public AdamWSurrogate ConvertToSurrogate(in AdamWSpec v) => new(v.LearningRate, v.WeightDecay, v.Beta1, v.Beta2, v.Eps, v.Amsgrad);
}

[GenerateSerializer, Immutable, Alias("spec.optimizer.Adadelta")]
public readonly record struct AdadeltaSurrogate(double? LearningRate, double WeightDecay, double Rho, double Eps);

[RegisterConverter]
public sealed class AdadeltaConverter : IConverter<AdadeltaSpec, AdadeltaSurrogate>
{
    public AdadeltaSpec ConvertFromSurrogate(in AdadeltaSurrogate s) =>
        new(s.Rho, s.Eps) { LearningRate = s.LearningRate, WeightDecay = s.WeightDecay };
    public AdadeltaSurrogate ConvertToSurrogate(in AdadeltaSpec v) => new(v.LearningRate, v.WeightDecay, v.Rho, v.Eps);
}
