namespace SweepCluster.Engine.Schedules;

/// <summary>A fixed rate η at every step: no PyTorch scheduler (LambdaLR with a factor of 1).</summary>
public sealed class ConstantRate(double learningRate) : ILearningRateSchedule
{
    public double InitialRate { get; } = learningRate;

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return InitialRate;
    }
}
