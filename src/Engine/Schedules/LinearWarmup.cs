using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch SequentialLR([LinearLR(start_factor=f, end_factor=1, total_iters=N), inner], milestones=[N]): for t &lt; N
/// the rate is η·(f + (1 − f)·t/N), rising from f·η towards η; from t = N on it is the inner schedule at t − N, on
/// its own clock starting at 0 (SequentialLR restarts it with step(0), which uses its closed form).
/// </summary>
/// <remarks>
/// PyTorch quirks this deliberately does not copy (docs/spec.md says "from f·η to η" for every schedule):
/// <list type="bullet">
/// <item>OneCycleLR overwrites the optimizer's initial_lr with maxLr/divFactor when built, and LinearLR is chainable
/// (it scales whatever rate SequentialLR reset the group to), so in PyTorch the warmup ramps from f·maxLr/divFactor to
/// maxLr/divFactor. Here it ramps to η and then the one-cycle starts at maxLr/divFactor. PyTorch gives the contract's
/// behaviour when the warmup is a LambdaLR with the same factor (the reference generator does that).</item>
/// <item>LinearLR with start_factor = 0 raises ZeroDivisionError at its second step in PyTorch (its chainable form
/// divides by total_iters·start_factor); the closed form here simply starts at 0.</item>
/// </list>
/// For every other schedule in the contract the rates equal PyTorch's to rounding (verified by the reference data).
/// </remarks>
public sealed class LinearWarmup : ILearningRateSchedule
{
    public LinearWarmup(ILearningRateSchedule inner, WarmupSpec warmup, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Validate(warmup);
        (Inner, Warmup, InitialRate) = (inner, warmup, learningRate);
    }

    public ILearningRateSchedule Inner { get; }

    public WarmupSpec Warmup { get; }

    /// <summary>η, the rate the warmup climbs to.</summary>
    public double InitialRate { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return t < Warmup.Steps ? InitialRate * Factor(Warmup, t) : Inner.LearningRate(t - Warmup.Steps);
    }

    /// <summary>
    /// The warmup's multiplier of η at clock t: f + (1 − f)·t/N for t &lt; N, then 1. For policies the trainer runs
    /// itself (reduce-on-plateau, armijo, smoothness), which start after the warmup as the closed forms do.
    /// </summary>
    public static double WarmupFactor(WarmupSpec warmup, long t)
    {
        Validate(warmup);
        ScheduleChecks.Clock(t);
        return t < warmup.Steps ? Factor(warmup, t) : 1.0;
    }

    // LinearLR._get_closed_form_lr with end_factor 1: start + (end − start)·min(N, t)/N, term for term.
    private static double Factor(WarmupSpec warmup, long t) =>
        warmup.StartFactor + (1.0 - warmup.StartFactor) * t / warmup.Steps;

    private static void Validate(WarmupSpec warmup)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        if (warmup.Steps < 0)
            throw new ArgumentOutOfRangeException(nameof(warmup), warmup.Steps, "warmup.steps must be >= 0.");
        if (!(warmup.StartFactor >= 0 && warmup.StartFactor <= 1))
            throw new ArgumentOutOfRangeException(nameof(warmup), warmup.StartFactor, "warmup.startFactor must be in [0, 1].");
    }
}
