using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>One row of the page's trial table: a Trial's scalar fields (docs/results.md), arm by name.</summary>
/// <param name="IsBest">The best trial of its arm.</param>
public sealed record TrialRow(
    string TrialId, int Arm, string ArmName, int Stage, double LearningRate, string Status, string? Verdict,
    int EpochsCompleted, long Steps, double? TrainLoss, double? ValidationLoss, double? ValidationAccuracy, double? InitialLoss,
    double WallSeconds, string? Silo, int Attempts, string? Error, bool IsBest)
{
    /// <summary>The values of the search's parameters it ran with; null for a search over η alone.</summary>
    public IReadOnlyDictionary<string, Engine.Search.Spaces.ParameterValue>? Parameters { get; init; }

    public static TrialRow Of(Trial t, string armName, bool isBest) => new(
        t.TrialId, t.Arm, armName, t.Stage, t.LearningRate, ContractNames.Of(t.Status), t.Verdict is { } v ? ContractNames.Of(v) : null,
        t.EpochsCompleted, t.Steps, t.TrainLoss, t.ValidationLoss, t.ValidationAccuracy, t.InitialLoss, t.WallSeconds, t.Silo, t.Attempts, t.Error, isBest)
    {
        Parameters = t.Parameters,
    };
}
