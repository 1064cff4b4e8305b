using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Results;

/// <summary>
/// The best trial of a sweep or of one arm, by the sweep's metric (docs/results.md best, bestByArm[]): never a diverged,
/// failed, cancelled or stopped trial. <see cref="Name"/> is its arm's name.
/// </summary>
public sealed record BestTrial(
    string TrialId,
    int Arm,
    double LearningRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationAccuracy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TrainLoss)
{
    /// <summary>The arm's name ("default" for a spec without arms).</summary>
    public string? Name { get; init; }
}
