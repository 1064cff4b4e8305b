using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.CyclicLR with cycle_momentum=False and no custom scale_fn: the rate climbs
/// linearly from baseLr to maxLr over stepSizeUp steps and back over stepSizeDown. The amplitude is scaled per
/// cycle by 1 (triangular) or 1/2^(cycle−1) (triangular2), and per step by γ^t (exp_range), PyTorch's default
/// scale_mode for each mode.
/// </summary>
public sealed class CyclicRate : ILearningRateSchedule
{
    private readonly double _totalSize;
    private readonly double _stepRatio;

    public CyclicRate(double baseLr, double maxLr, int stepSizeUp = 2000, int? stepSizeDown = null,
        CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0)
    {
        ScheduleChecks.Finite(baseLr, "baseLr");
        ScheduleChecks.Finite(maxLr, "maxLr");
        ScheduleChecks.Positive(stepSizeUp, "stepSizeUp");
        ScheduleChecks.Positive(stepSizeDown ?? stepSizeUp, "stepSizeDown");
        ScheduleChecks.Finite(gamma, "gamma");
        (BaseLr, MaxLr, StepSizeUp, StepSizeDown, Mode, Gamma) =
            (baseLr, maxLr, stepSizeUp, stepSizeDown ?? stepSizeUp, mode, gamma);
        _totalSize = (double)StepSizeUp + StepSizeDown;
        _stepRatio = StepSizeUp / _totalSize;
    }

    public double BaseLr { get; }

    public double MaxLr { get; }

    public int StepSizeUp { get; }

    public int StepSizeDown { get; }

    public CyclicMode Mode { get; }

    public double Gamma { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        var cycle = Math.Floor(1 + t / _totalSize);
        var x = 1.0 + t / _totalSize - cycle;
        var scaleFactor = x <= _stepRatio ? x / _stepRatio : (x - 1) / (_stepRatio - 1);
        var baseHeight = (MaxLr - BaseLr) * scaleFactor;
        var scale = Mode switch
        {
            CyclicMode.Triangular => 1.0,
            CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
            CyclicMode.ExpRange => Math.Pow(Gamma, t),
            _ => throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown cyclic mode."),
        };
        return BaseLr + baseHeight * scale;
    }
}
