namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.CosineAnnealingWarmRestarts (SGDR): ηmin + (η − ηmin)·(1 + cos(π·Tcur/Ti))/2,
/// where the i-th cycle lasts Ti = t0·tMult^i steps and Tcur counts steps since the last restart.
/// </summary>
/// <remarks>
/// Tcur and Ti are found with integer arithmetic, as PyTorch's step-by-step bookkeeping does (Tcur += 1; on reaching
/// Ti, Tcur −= Ti and Ti *= tMult), not with its floating-point log used when an epoch is passed explicitly.
/// </remarks>
public sealed class CosineWarmRestarts : ILearningRateSchedule
{
    public CosineWarmRestarts(double learningRate, int t0, int tMult = 1, double etaMin = 0)
    {
        ScheduleChecks.Positive(t0, "t0");
        ScheduleChecks.Positive(tMult, "tMult");
        ScheduleChecks.Finite(etaMin, "etaMin");
        (InitialRate, T0, TMult, EtaMin) = (learningRate, t0, tMult, etaMin);
    }

    public double InitialRate { get; }

    public int T0 { get; }

    public int TMult { get; }

    public double EtaMin { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        long tCur, tI = T0;
        if (TMult == 1)
        {
            tCur = t % T0;
        }
        else
        {
            tCur = t;
            while (tCur >= tI)
            {
                tCur -= tI;
                tI *= TMult;
            }
        }
        return EtaMin + (InitialRate - EtaMin) * (1 + Math.Cos(Math.PI * tCur / tI)) / 2;
    }
}
