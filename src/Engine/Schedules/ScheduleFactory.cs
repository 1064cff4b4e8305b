using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Schedules;

/// <summary>Builds the closed-form schedule a spec names, wrapped in its warmup when it has one.</summary>
public static class ScheduleFactory
{
    /// <param name="spec">The schedule; reduce-on-plateau, armijo and smoothness are stateful policies the trainer runs.</param>
    /// <param name="learningRate">η, the searched rate.</param>
    /// <param name="totalClockTicks">Steps (or epochs, for unit "epoch") in the run: one-cycle's default totalSteps.
    /// With a warmup the one-cycle runs on the clock left after it, so its default becomes totalClockTicks − N.</param>
    public static ILearningRateSchedule Create(ScheduleSpec spec, double learningRate, long totalClockTicks)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var warmupSteps = spec.Warmup?.Steps ?? 0;
        var inner = CreateInner(spec, learningRate, Math.Max(1, totalClockTicks - warmupSteps));
        return spec.Warmup is { Steps: > 0 } warmup ? new LinearWarmup(inner, warmup, learningRate) : inner;
    }

    private static ILearningRateSchedule CreateInner(ScheduleSpec spec, double learningRate, long totalClockTicks) => spec switch
    {
        ConstantScheduleSpec => new ConstantRate(learningRate),
        StepScheduleSpec s => new StepDecay(learningRate, s.StepSize, s.Gamma),
        MultiStepScheduleSpec s => new MultiStepDecay(learningRate, s.Milestones ?? [], s.Gamma),
        ExponentialScheduleSpec s => new ExponentialDecay(learningRate, s.Gamma),
        InverseTimeScheduleSpec s => new InverseTimeDecay(learningRate, s.Decay),
        CosineScheduleSpec s => new CosineAnnealing(learningRate, s.TMax, s.EtaMin),
        CosineRestartsScheduleSpec s => new CosineWarmRestarts(learningRate, s.T0, s.TMult, s.EtaMin),
        CyclicScheduleSpec s => new CyclicRate(s.BaseLr, s.MaxLr ?? learningRate, s.StepSizeUp, s.StepSizeDown, s.Mode, s.Gamma),
        OneCycleScheduleSpec s => new OneCycle(s.MaxLr ?? learningRate, s.TotalSteps ?? totalClockTicks, s.PctStart, s.Anneal,
            s.DivFactor, s.FinalDivFactor),
        ReduceOnPlateauScheduleSpec or ArmijoScheduleSpec or SmoothnessScheduleSpec => throw new NotSupportedException(
            $"The {Kind(spec)} schedule is stateful: the trainer runs it (ReduceOnPlateau, line search, smoothness) and wraps a "
            + "constant base rate with LinearWarmup when it has a warmup."),
        _ => throw new NotSupportedException($"Schedule {spec.GetType().Name} is not supported."),
    };

    private static string Kind(ScheduleSpec spec) => spec switch
    {
        ReduceOnPlateauScheduleSpec => "reduce-on-plateau",
        ArmijoScheduleSpec => "armijo",
        _ => "smoothness",
    };
}
