using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials.Specs;

// The schedule section as Orleans carries it in a trial's start: one surrogate per kind, each with the base's clock
// (by number) and warmup.

[GenerateSerializer, Immutable, Alias("spec.schedule.Warmup")]
public readonly record struct WarmupSurrogate(int Steps, double StartFactor);

[RegisterConverter]
public sealed class WarmupConverter : IConverter<WarmupSpec, WarmupSurrogate>
{
    public WarmupSpec ConvertFromSurrogate(in WarmupSurrogate s) => new(s.Steps, s.StartFactor);
    public WarmupSurrogate ConvertToSurrogate(in WarmupSpec v) => new(v.Steps, v.StartFactor);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Constant")]
public readonly record struct ConstantScheduleSurrogate(int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class ConstantScheduleConverter : IConverter<ConstantScheduleSpec, ConstantScheduleSurrogate>
{
    public ConstantScheduleSpec ConvertFromSurrogate(in ConstantScheduleSurrogate s) => new() { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public ConstantScheduleSurrogate ConvertToSurrogate(in ConstantScheduleSpec v) => new((int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Step")]
public readonly record struct StepScheduleSurrogate(int StepSize, double Gamma, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class StepScheduleConverter : IConverter<StepScheduleSpec, StepScheduleSurrogate>
{
    public StepScheduleSpec ConvertFromSurrogate(in StepScheduleSurrogate s) => new(s.StepSize, s.Gamma) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public StepScheduleSurrogate ConvertToSurrogate(in StepScheduleSpec v) => new(v.StepSize, v.Gamma, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.MultiStep")]
public readonly record struct MultiStepScheduleSurrogate(int[] Milestones, double Gamma, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class MultiStepScheduleConverter : IConverter<MultiStepScheduleSpec, MultiStepScheduleSurrogate>
{
    public MultiStepScheduleSpec ConvertFromSurrogate(in MultiStepScheduleSurrogate s) => new(s.Milestones, s.Gamma) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public MultiStepScheduleSurrogate ConvertToSurrogate(in MultiStepScheduleSpec v) => new(v.Milestones, v.Gamma, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Exponential")]
public readonly record struct ExponentialScheduleSurrogate(double Gamma, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class ExponentialScheduleConverter : IConverter<ExponentialScheduleSpec, ExponentialScheduleSurrogate>
{
    public ExponentialScheduleSpec ConvertFromSurrogate(in ExponentialScheduleSurrogate s) => new(s.Gamma) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public ExponentialScheduleSurrogate ConvertToSurrogate(in ExponentialScheduleSpec v) => new(v.Gamma, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.InverseTime")]
public readonly record struct InverseTimeScheduleSurrogate(double Decay, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class InverseTimeScheduleConverter : IConverter<InverseTimeScheduleSpec, InverseTimeScheduleSurrogate>
{
    public InverseTimeScheduleSpec ConvertFromSurrogate(in InverseTimeScheduleSurrogate s) => new(s.Decay) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public InverseTimeScheduleSurrogate ConvertToSurrogate(in InverseTimeScheduleSpec v) => new(v.Decay, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Cosine")]
public readonly record struct CosineScheduleSurrogate(int TMax, double EtaMin, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class CosineScheduleConverter : IConverter<CosineScheduleSpec, CosineScheduleSurrogate>
{
    public CosineScheduleSpec ConvertFromSurrogate(in CosineScheduleSurrogate s) => new(s.TMax, s.EtaMin) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public CosineScheduleSurrogate ConvertToSurrogate(in CosineScheduleSpec v) => new(v.TMax, v.EtaMin, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.CosineRestarts")]
public readonly record struct CosineRestartsScheduleSurrogate(int T0, int TMult, double EtaMin, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class CosineRestartsScheduleConverter : IConverter<CosineRestartsScheduleSpec, CosineRestartsScheduleSurrogate>
{
    public CosineRestartsScheduleSpec ConvertFromSurrogate(in CosineRestartsScheduleSurrogate s) => new(s.T0, s.TMult, s.EtaMin) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public CosineRestartsScheduleSurrogate ConvertToSurrogate(in CosineRestartsScheduleSpec v) => new(v.T0, v.TMult, v.EtaMin, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Cyclic")]
public readonly record struct CyclicScheduleSurrogate(double BaseLr, double? MaxLr, int StepSizeUp, int? StepSizeDown, int Mode, double Gamma, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class CyclicScheduleConverter : IConverter<CyclicScheduleSpec, CyclicScheduleSurrogate>
{
    public CyclicScheduleSpec ConvertFromSurrogate(in CyclicScheduleSurrogate s) => new(s.BaseLr, s.MaxLr, s.StepSizeUp, s.StepSizeDown, (CyclicMode)s.Mode, s.Gamma) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public CyclicScheduleSurrogate ConvertToSurrogate(in CyclicScheduleSpec v) => new(v.BaseLr, v.MaxLr, v.StepSizeUp, v.StepSizeDown, (int)v.Mode, v.Gamma, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.OneCycle")]
public readonly record struct OneCycleScheduleSurrogate(double? MaxLr, int? TotalSteps, double PctStart, int Anneal, double DivFactor, double FinalDivFactor, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class OneCycleScheduleConverter : IConverter<OneCycleScheduleSpec, OneCycleScheduleSurrogate>
{
    public OneCycleScheduleSpec ConvertFromSurrogate(in OneCycleScheduleSurrogate s) => new(s.MaxLr, s.TotalSteps, s.PctStart, (AnnealStrategy)s.Anneal, s.DivFactor, s.FinalDivFactor) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public OneCycleScheduleSurrogate ConvertToSurrogate(in OneCycleScheduleSpec v) => new(v.MaxLr, v.TotalSteps, v.PctStart, (int)v.Anneal, v.DivFactor, v.FinalDivFactor, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.ReduceOnPlateau")]
public readonly record struct ReduceOnPlateauScheduleSurrogate(double Factor, int Patience, double Threshold, int Metric, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class ReduceOnPlateauScheduleConverter : IConverter<ReduceOnPlateauScheduleSpec, ReduceOnPlateauScheduleSurrogate>
{
    public ReduceOnPlateauScheduleSpec ConvertFromSurrogate(in ReduceOnPlateauScheduleSurrogate s) => new(s.Factor, s.Patience, s.Threshold, (Metric)s.Metric) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public ReduceOnPlateauScheduleSurrogate ConvertToSurrogate(in ReduceOnPlateauScheduleSpec v) => new(v.Factor, v.Patience, v.Threshold, (int)v.Metric, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Armijo")]
public readonly record struct ArmijoScheduleSurrogate(double C, double Shrink, int MaxBacktracks, double Grow, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class ArmijoScheduleConverter : IConverter<ArmijoScheduleSpec, ArmijoScheduleSurrogate>
{
    public ArmijoScheduleSpec ConvertFromSurrogate(in ArmijoScheduleSurrogate s) => new(s.C, s.Shrink, s.MaxBacktracks, s.Grow) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public ArmijoScheduleSurrogate ConvertToSurrogate(in ArmijoScheduleSpec v) => new(v.C, v.Shrink, v.MaxBacktracks, v.Grow, (int)v.Unit, v.Warmup);
}

[GenerateSerializer, Immutable, Alias("spec.schedule.Smoothness")]
public readonly record struct SmoothnessScheduleSurrogate(int Rule, int Unit, WarmupSpec? Warmup);

[RegisterConverter]
public sealed class SmoothnessScheduleConverter : IConverter<SmoothnessScheduleSpec, SmoothnessScheduleSurrogate>
{
    public SmoothnessScheduleSpec ConvertFromSurrogate(in SmoothnessScheduleSurrogate s) => new((SmoothnessRule)s.Rule) { Unit = (ScheduleUnit)s.Unit, Warmup = s.Warmup };
    public SmoothnessScheduleSurrogate ConvertToSurrogate(in SmoothnessScheduleSpec v) => new((int)v.Rule, (int)v.Unit, v.Warmup);
}
