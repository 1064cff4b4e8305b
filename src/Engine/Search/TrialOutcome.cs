using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// What the search needs to know of a finished run (any status): its figures without the history, small enough for a
/// coordinator to persist for every trial. A range test that failed is reported as an outcome with status failed.
/// </summary>
public sealed record TrialOutcome(
    string Key,
    int Arm,
    int Stage,
    double LearningRate,
    TrialStatus Status,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    int EpochsCompleted,
    double? InitialLoss,
    Verdict? Verdict,
    double WallSeconds)
{
    /// <summary>The summary of <paramref name="trial"/>, run for <paramref name="request"/>.</summary>
    public static TrialOutcome From(TrialRequest request, Trial trial) => new(
        request.Key, request.Arm, request.Stage, request.LearningRate, trial.Status, trial.TrainLoss, trial.ValidationLoss,
        trial.ValidationAccuracy, trial.EpochsCompleted, trial.InitialLoss, trial.Verdict, trial.WallSeconds);

    /// <summary>An outcome for a run that never produced a Trial (it threw, or was cancelled before it started).</summary>
    public static TrialOutcome Unfinished(TrialRequest request, TrialStatus status, double wallSeconds = 0) => new(
        request.Key, request.Arm, request.Stage, request.LearningRate, status, null, null, null, 0, null, null, wallSeconds);
}
