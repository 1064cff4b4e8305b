using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Results;

/// <summary>One training run's result, the Trial JSON of CONTRACT §4.</summary>
public sealed record Trial(
    string TrialId,
    int Arm,
    int Stage,
    double LearningRate,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrialStatus Status,
    string? Error,
    int EpochsCompleted,
    long Steps,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    string? Silo,
    int Attempts,
    double WallSeconds,
    Verdict? Verdict,
    TrialHistory? History)
{
    /// <summary>The batch loss of the first step, the reference for divergence and the verdict.</summary>
    public double? InitialLoss { get; init; }
}
