using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Results;

/// <summary>The best trial of a sweep or of one arm, by the sweep's metric (docs/results.md best, bestByArm[]).</summary>
public sealed record BestTrial(
    string TrialId,
    int Arm,
    double LearningRate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationAccuracy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TrainLoss);
