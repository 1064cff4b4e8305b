using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Optimizers;

/// <summary>One spec per code path of each update rule (weight decay, momentum, centered, amsgrad, decoupled...).</summary>
public static class OptimizerVariants
{
    public static readonly IReadOnlyDictionary<string, OptimizerSpec> All = new Dictionary<string, OptimizerSpec>
    {
        ["sgd"] = new SgdSpec(),
        ["sgd-momentum"] = new SgdSpec(Momentum: 0.9),
        ["sgd-dampening-weightdecay"] = new SgdSpec(Momentum: 0.9, Dampening: 0.3) { WeightDecay = 1e-3 },
        ["sgd-nesterov"] = new SgdSpec(Momentum: 0.9, Nesterov: true),
        ["adagrad"] = new AdagradSpec(LrDecay: 0.01, InitialAccumulator: 0.1) { WeightDecay = 1e-3 },
        ["rmsprop"] = new RmsPropSpec(),
        ["rmsprop-centered-momentum"] = new RmsPropSpec(Momentum: 0.9, Centered: true) { WeightDecay = 1e-3 },
        ["adam"] = new AdamSpec(),
        ["adam-amsgrad-weightdecay"] = new AdamSpec(Amsgrad: true) { WeightDecay = 1e-3 },
        ["adamw"] = new AdamWSpec { WeightDecay = 0.01 },
        ["adamw-amsgrad"] = new AdamWSpec(Amsgrad: true) { WeightDecay = 0.01 },
        ["adadelta"] = new AdadeltaSpec { WeightDecay = 1e-3 },
    };

    public static TheoryData<string> Names => new(All.Keys);
}
