using System.Text.Json.Serialization;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Results;

/// <summary>Where a sweep stands (docs/results.md Sweep result status).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SweepStatus>))]
public enum SweepStatus
{
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
    [JsonStringEnumMemberName("failed")] Failed,
}

/// <summary>
/// A sweep's result, the Sweep result JSON of docs/results.md, written with <see cref="SpecJson.Options"/>; every
/// contract field is written, null included. <see cref="LrFinderByArm"/> extends the contract: each arm's range test
/// (null for arms without one); <see cref="LrFinder"/> is the first of them.
/// </summary>
/// <param name="Best">The best trial of the sweep; null when no trial completed (every one diverged, failed, ...).</param>
/// <param name="ComputeSeconds">Training time summed over trials and range tests, so larger than the wall time when they ran in parallel.</param>
public sealed record SweepResult(
    string SweepId,
    string Name,
    SweepStatus Status,
    SweepSpec Spec,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] BestTrial? Best,
    IReadOnlyList<BestTrial?> BestByArm,
    IReadOnlyList<SearchStage> Stages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] LrFinderResult? LrFinder,
    IReadOnlyList<LrFinderResult?> LrFinderByArm,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] TheoryReport? Theory,
    IReadOnlyList<Trial> Trials,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ParentSweepId,
    double WallSeconds,
    double ComputeSeconds)
{
    /// <summary>One line for each thing a user must know before trusting the best η: an arm whose every trial diverged, a best on the edge of the range searched, failures.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>One entry per configuration of a search with repeats, or over parameters; null, and left out of the JSON, otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ConfigurationGroup>? Groups { get; init; }
}
