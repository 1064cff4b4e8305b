namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.StepLR: η·γ^⌊t / stepSize⌋. PyTorch multiplies by γ recursively; its own closed
/// form (_get_closed_form_lr, used here) is the same product up to rounding.
/// </summary>
public sealed class StepDecay : ILearningRateSchedule
{
    public StepDecay(double learningRate, int stepSize, double gamma = 0.1)
    {
        ScheduleChecks.Positive(stepSize, "stepSize");
        ScheduleChecks.Finite(gamma, "gamma");
        (InitialRate, StepSize, Gamma) = (learningRate, stepSize, gamma);
    }

    public double InitialRate { get; }

    public int StepSize { get; }

    public double Gamma { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        return InitialRate * Math.Pow(Gamma, t / StepSize);
    }
}
