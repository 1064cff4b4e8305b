using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>
/// Everything one training run needs: the sections of one arm, η set in the optimizer (<see cref="OptimizerSpec.LearningRate"/>,
/// the one field it lives in from here to the optimizer's step).
/// </summary>
public sealed record TrialPlan(
    DataSpec Data,
    ModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrainingSpec Training)
{
    /// <summary>η: the optimizer's rate; NaN for an optimizer without one (a plan built by hand).</summary>
    public double LearningRate => Optimizer.LearningRate ?? double.NaN;

    public static TrialPlan For(SweepSpec spec, ArmSpec arm, double learningRate) =>
        new(spec.Data, arm.Model, arm.Optimizer with { LearningRate = learningRate }, arm.Schedule, arm.Training);
}
