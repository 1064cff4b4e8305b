using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Trials;

/// <summary>From a <see cref="TrialStart"/> to the Engine's plan, and the Trial of a run that never trained.</summary>
public static class TrialPlans
{
    /// <summary>The plan, or an <see cref="ArgumentException"/> that says what is wrong with the request.</summary>
    public static TrialPlan Create(TrialStart request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!(request.LearningRate > 0) || !double.IsFinite(request.LearningRate))
            throw new ArgumentException($"learningRate {request.LearningRate} must be a finite number > 0.", nameof(request));
        return request.Plan;
    }

    /// <summary>The Trial of a run that ended before or without training (cancelled while queued, or failed).</summary>
    public static Trial Untrained(TrialPlan plan, TrialStatus status, string? error, double wallSeconds) => new(
        TrialId: "",
        Arm: 0,
        Stage: 0,
        LearningRate: plan.LearningRate,
        Optimizer: plan.Optimizer,
        Schedule: plan.Schedule,
        Status: status,
        Error: error,
        EpochsCompleted: 0,
        Steps: 0,
        TrainLoss: null,
        ValidationLoss: null,
        ValidationAccuracy: null,
        Silo: null,
        Attempts: 1,
        WallSeconds: wallSeconds,
        Verdict: null,
        History: new TrialHistory([], []));
}
