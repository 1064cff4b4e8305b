namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.MultiStepLR: η·γ^k with k the number of milestones ≤ t. As in PyTorch (which
/// counts milestones with a Counter), a milestone listed twice applies γ twice; the order they are given in does
/// not matter.
/// </summary>
public sealed class MultiStepDecay : ILearningRateSchedule
{
    private readonly int[] _milestones;

    public MultiStepDecay(double learningRate, IReadOnlyList<int> milestones, double gamma = 0.1)
    {
        ArgumentNullException.ThrowIfNull(milestones);
        ScheduleChecks.Finite(gamma, "gamma");
        _milestones = [.. milestones];
        Array.Sort(_milestones);
        (InitialRate, Gamma) = (learningRate, gamma);
    }

    public double InitialRate { get; }

    public IReadOnlyList<int> Milestones => _milestones;

    public double Gamma { get; }

    public double LearningRate(long t)
    {
        ScheduleChecks.Clock(t);
        // bisect_right(sorted milestones, t): the milestones already passed, duplicates included.
        var passed = 0;
        while (passed < _milestones.Length && _milestones[passed] <= t)
            passed++;
        return InitialRate * Math.Pow(Gamma, passed);
    }
}
