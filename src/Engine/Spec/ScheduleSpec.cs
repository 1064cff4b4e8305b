using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>The step-size policy (docs/spec.md schedule). One derived record per <c>kind</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ConstantScheduleSpec), "constant")]
[JsonDerivedType(typeof(StepScheduleSpec), "step")]
[JsonDerivedType(typeof(MultiStepScheduleSpec), "multistep")]
[JsonDerivedType(typeof(ExponentialScheduleSpec), "exponential")]
[JsonDerivedType(typeof(InverseTimeScheduleSpec), "inverse-time")]
[JsonDerivedType(typeof(CosineScheduleSpec), "cosine")]
[JsonDerivedType(typeof(CosineRestartsScheduleSpec), "cosine-restarts")]
[JsonDerivedType(typeof(CyclicScheduleSpec), "cyclic")]
[JsonDerivedType(typeof(OneCycleScheduleSpec), "one-cycle")]
[JsonDerivedType(typeof(ReduceOnPlateauScheduleSpec), "reduce-on-plateau")]
[JsonDerivedType(typeof(ArmijoScheduleSpec), "armijo")]
[JsonDerivedType(typeof(SmoothnessScheduleSpec), "smoothness")]
public abstract record ScheduleSpec
{
    /// <summary>The clock: optimizer steps or epochs.</summary>
    public ScheduleUnit Unit { get; init; } = ScheduleUnit.Step;

    /// <summary>Optional linear warmup (PyTorch LinearLR then SequentialLR).</summary>
    public WarmupSpec? Warmup { get; init; }
}

/// <summary>The rate rises linearly from StartFactor·η to η over Steps clock ticks.</summary>
public sealed record WarmupSpec(int Steps, double StartFactor = 1.0 / 3.0);

public sealed record ConstantScheduleSpec : ScheduleSpec;

public sealed record StepScheduleSpec(int StepSize, double Gamma = 0.1) : ScheduleSpec;

public sealed record MultiStepScheduleSpec(int[] Milestones, double Gamma = 0.1) : ScheduleSpec;

public sealed record ExponentialScheduleSpec(double Gamma) : ScheduleSpec;

public sealed record InverseTimeScheduleSpec(double Decay) : ScheduleSpec;

public sealed record CosineScheduleSpec(int TMax, double EtaMin = 0) : ScheduleSpec;

public sealed record CosineRestartsScheduleSpec(int T0, int TMult = 1, double EtaMin = 0) : ScheduleSpec;

/// <summary>CyclicLR with cycle_momentum=False; <see cref="MaxLr"/> null means η.</summary>
public sealed record CyclicScheduleSpec(
    double BaseLr,
    double? MaxLr = null,
    int StepSizeUp = 2000,
    int? StepSizeDown = null,
    CyclicMode Mode = CyclicMode.Triangular,
    double Gamma = 1.0) : ScheduleSpec;

/// <summary>OneCycleLR with cycle_momentum=False; <see cref="MaxLr"/> null means η, <see cref="TotalSteps"/> null means the run's steps.</summary>
public sealed record OneCycleScheduleSpec(
    double? MaxLr = null,
    int? TotalSteps = null,
    double PctStart = 0.3,
    AnnealStrategy Anneal = AnnealStrategy.Cos,
    double DivFactor = 25,
    double FinalDivFactor = 1e4) : ScheduleSpec;

public sealed record ReduceOnPlateauScheduleSpec(
    double Factor = 0.1,
    int Patience = 10,
    double Threshold = 1e-4,
    Metric Metric = Metric.ValidationLoss) : ScheduleSpec;

/// <summary>Backtracking line search per batch: accept α when f(x − αg) ≤ f(x) − c·α‖g‖².</summary>
public sealed record ArmijoScheduleSpec(double C = 1e-4, double Shrink = 0.5, int MaxBacktracks = 30, double Grow = 2.0) : ScheduleSpec;

public sealed record SmoothnessScheduleSpec(SmoothnessRule Rule = SmoothnessRule.InverseL) : ScheduleSpec;
