using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>Everything one training run needs: the sections of one arm and the η it trains at.</summary>
public sealed record TrialPlan(
    DataSpec Data,
    ModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrainingSpec Training,
    double LearningRate)
{
    public static TrialPlan For(SweepSpec spec, ArmSpec arm, double learningRate) =>
        new(spec.Data, arm.Model, arm.Optimizer with { LearningRate = learningRate }, arm.Schedule, arm.Training, learningRate);
}
