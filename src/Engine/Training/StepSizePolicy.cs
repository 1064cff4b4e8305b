using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Training;

/// <summary>
/// The rate each step starts from: a closed-form schedule, a plateau-driven rate, or the smoothness constant, with
/// the optional warmup in front. The Armijo line search then searches below this rate (see <see cref="ArmijoLineSearch"/>).
/// </summary>
internal sealed class StepSizePolicy
{
    private readonly ScheduleSpec _spec;
    private readonly ILearningRateSchedule? _schedule;
    private readonly ReduceOnPlateau? _plateau;
    private readonly double _constant;

    private StepSizePolicy(ScheduleSpec spec, ILearningRateSchedule? schedule, ReduceOnPlateau? plateau, double constant)
    {
        _spec = spec;
        _schedule = schedule;
        _plateau = plateau;
        _constant = constant;
    }

    /// <summary>The rate the smoothness rule fixed (before warmup), which replaces the plan's η in the result.</summary>
    public double? FixedRate => _spec is SmoothnessScheduleSpec ? _constant : null;

    public ArmijoScheduleSpec? LineSearch => _spec as ArmijoScheduleSpec;

    /// <param name="smoothness">Computed only for the smoothness rule (it can cost a pass over the data).</param>
    public static StepSizePolicy Create(ScheduleSpec spec, double learningRate, long totalSteps, int epochs, Func<Smoothness> smoothness)
    {
        var totalTicks = spec.Unit == ScheduleUnit.Epoch ? epochs : totalSteps;
        return spec switch
        {
            ReduceOnPlateauScheduleSpec p => new StepSizePolicy(spec, null, new ReduceOnPlateau(p, learningRate), 0),
            ArmijoScheduleSpec => new StepSizePolicy(spec, null, null, learningRate),
            SmoothnessScheduleSpec s => new StepSizePolicy(spec, null, null, smoothness().StepSize(s.Rule)),
            _ => new StepSizePolicy(spec, ScheduleFactory.Create(spec, learningRate, totalTicks), null, 0),
        };
    }

    /// <summary>The rate for the optimizer step <paramref name="step"/> taken during <paramref name="epoch"/>.</summary>
    public double Rate(long step, int epoch)
    {
        var t = _spec.Unit == ScheduleUnit.Epoch ? epoch : step;
        if (_schedule is not null) return _schedule.LearningRate(t);
        var rate = _plateau?.Rate ?? _constant;
        return _spec.Warmup is { } warmup ? rate * LinearWarmup.WarmupFactor(warmup, t) : rate;
    }

    /// <summary>Feeds the epoch's metric to a plateau policy; other policies ignore it.</summary>
    public void EndEpoch(double trainLoss, double? validationLoss, double? validationAccuracy)
    {
        if (_plateau is null || _spec is not ReduceOnPlateauScheduleSpec p) return;
        var metric = p.Metric switch
        {
            Metric.TrainLoss => trainLoss,
            Metric.ValidationAccuracy => validationAccuracy ?? double.NaN,
            _ => validationLoss ?? trainLoss,
        };
        if (double.IsFinite(metric)) _plateau.Observe(metric);
    }
}
