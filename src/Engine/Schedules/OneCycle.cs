using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.OneCycleLR with cycle_momentum=False and three_phase=False: from maxLr/divFactor
/// up to maxLr over the first pctStart·totalSteps − 1 steps, then down to maxLr/(divFactor·finalDivFactor) at step
/// totalSteps − 1, annealing by half a cosine or linearly.
/// </summary>
/// <remarks>
/// Past the cycle PyTorch extrapolates once (at t = totalSteps: the cosine turns back up, the linear ramp goes
/// below the minimum and can turn negative) and then raises. Here every t ≥ totalSteps − 1 holds the final rate
/// instead, so a clock that overruns the cycle keeps a sane rate. A zero-length first phase, where PyTorch divides
/// by zero, starts at maxLr.
/// </remarks>
public sealed class OneCycle : ILearningRateSchedule
{
    private readonly double _initialLr;
    private readonly double _minLr;
    private readonly double _phaseOneEnd;

    public OneCycle(double maxLr, long totalSteps, double pctStart = 0.3, AnnealStrategy anneal = AnnealStrategy.Cos,
        double divFactor = 25, double finalDivFactor = 1e4)
    {
        ScheduleChecks.Finite(maxLr, "maxLr");
        ScheduleChecks.Positive(totalSteps, "totalSteps");
        if (!(pctStart >= 0 && pctStart <= 1))
            throw new ArgumentOutOfRangeException(nameof(pctStart), pctStart, "pctStart must be in [0, 1].");
        ScheduleChecks.Finite(divFactor, "divFactor");
        ScheduleChecks.Finite(finalDivFactor, "finalDivFactor");
        (MaxLr, TotalSteps, PctStart, Anneal, DivFactor, FinalDivFactor) =
            (maxLr, totalSteps, pctStart, anneal, divFactor, finalDivFactor);
        _initialLr = maxLr / divFactor;
        _minLr = _initialLr / finalDivFactor;
        _phaseOneEnd = pctStart * totalSteps - 1;
    }

    public double MaxLr { get; }

    public long TotalSteps { get; }

    public double PctStart { get; }

    public AnnealStrategy Anneal { get; }

    public double DivFactor { get; }

    public double FinalDivFactor { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        var step = Math.Min(t, TotalSteps - 1);
        double phaseEnd = TotalSteps - 1;
        if (step <= _phaseOneEnd)
            return Interpolate(_initialLr, MaxLr, Fraction(step, 0, _phaseOneEnd));
        return Interpolate(MaxLr, _minLr, Fraction(step, _phaseOneEnd, phaseEnd));
    }

    private static double Fraction(long step, double start, double end) =>
        end == start ? 1.0 : (step - start) / (end - start);

    private double Interpolate(double start, double end, double pct) => Anneal switch
    {
        // PyTorch's _annealing_cos and _annealing_linear, term for term.
        AnnealStrategy.Cos => end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1),
        AnnealStrategy.Linear => (end - start) * pct + start,
        _ => throw new ArgumentOutOfRangeException(nameof(Anneal), Anneal, "Unknown anneal strategy."),
    };
}
