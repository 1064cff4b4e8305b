using System.Text.Json.Serialization;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Results;

/// <summary>One training run's result, the Trial JSON of docs/results.md. Every contract field is written, null included.</summary>
public sealed record Trial(
    string TrialId,
    int Arm,
    int Stage,
    double LearningRate,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrialStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Error,
    int EpochsCompleted,
    long Steps,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? TrainLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationAccuracy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Silo,
    int Attempts,
    double WallSeconds,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] Verdict? Verdict,
    TrialHistory? History)
{
    /// <summary>The loss at the starting parameters (the first batch's): how far the loss fell is judged from it.</summary>
    public double? InitialLoss { get; init; }

    /// <summary>
    /// The values of the search's parameters this trial ran with (<c>learningRate</c>, <c>optimizer.momentum</c>, …); null,
    /// and left out of the JSON, for a search over η alone.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ParameterValue>? Parameters { get; init; }

    /// <summary>
    /// Why <see cref="History"/> is empty though the trial recorded one: its history is kept in the results store of
    /// the silo it trained on, which the silo answering cannot read. Null, and left out of the JSON, otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? HistoryUnavailable { get; init; }
}
