namespace SweepCluster.Engine.Schedules;

/// <summary>
/// η / (1 + decay·t): PyTorch has no class for it; it is torch.optim.lr_scheduler.LambdaLR with
/// lr_lambda = lambda t: 1 / (1 + decay·t), and the factor is formed the same way (η · (1 / (1 + decay·t))).
/// </summary>
public sealed class InverseTimeDecay : ILearningRateSchedule
{
    public InverseTimeDecay(double learningRate, double decay)
    {
        ScheduleChecks.Finite(decay, "decay");
        if (decay < 0)
            throw new ArgumentOutOfRangeException(nameof(decay), decay, "decay must be >= 0.");
        (InitialRate, Decay) = (learningRate, decay);
    }

    public double InitialRate { get; }

    public double Decay { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return InitialRate * (1.0 / (1.0 + Decay * t));
    }
}
