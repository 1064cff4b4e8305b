namespace SweepCluster.Engine.Schedules;

/// <summary>PyTorch torch.optim.lr_scheduler.ExponentialLR: η·γ^t (PyTorch's closed form of its recursive product).</summary>
public sealed class ExponentialDecay : ILearningRateSchedule
{
    public ExponentialDecay(double learningRate, double gamma)
    {
        ScheduleChecks.Finite(gamma, "gamma");
        (InitialRate, Gamma) = (learningRate, gamma);
    }

    public double InitialRate { get; }

    public double Gamma { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return InitialRate * Math.Pow(Gamma, t);
    }
}
