namespace SweepCluster.Engine.Schedules;

/// <summary>
/// A closed-form learning-rate schedule: the rate at clock value t (step or epoch, from 0), so a restarted run
/// recomputes its rate without replaying history. Stateful policies (plateau, line search) live in the trainer.
/// </summary>
public interface ILearningRateSchedule
{
    double LearningRate(long t);
}
