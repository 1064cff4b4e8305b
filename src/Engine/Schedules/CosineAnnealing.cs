namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.CosineAnnealingLR: ηmin + (η − ηmin)·(1 + cos(π·t/tMax))/2 for every t.
/// </summary>
/// <remarks>
/// PyTorch steps a recursive form (each rate from the previous one, with an additive step right after each
/// minimum). Unrolled it is exactly this cosine, including past tMax: the rate does not stay at ηmin but climbs back
/// to η at 2·tMax and keeps oscillating with period 2·tMax. The recursion's rounding stays within ~1e-13 of the
/// closed form (checked against PyTorch over several periods).
/// </remarks>
public sealed class CosineAnnealing : ILearningRateSchedule
{
    public CosineAnnealing(double learningRate, int tMax, double etaMin = 0)
    {
        ScheduleChecks.Positive(tMax, "tMax");
        ScheduleChecks.Finite(etaMin, "etaMin");
        (InitialRate, TMax, EtaMin) = (learningRate, tMax, etaMin);
    }

    public double InitialRate { get; }

    public int TMax { get; }

    public double EtaMin { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return EtaMin + (InitialRate - EtaMin) * (1 + Math.Cos(Math.PI * t / TMax)) / 2;
    }
}
