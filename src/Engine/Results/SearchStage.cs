using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Results;

/// <summary>What a stage of an arm's search did (docs/results.md stages[].kind).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<StageKind>))]
public enum StageKind
{
    [JsonStringEnumMemberName("grid")] Grid,
    [JsonStringEnumMemberName("refine")] Refine,
    [JsonStringEnumMemberName("lr-finder")] LrFinder,
}

/// <summary>
/// One stage of one arm's search (docs/results.md stages[]). <see cref="LearningRates"/> are the rates the stage covers,
/// ascending, including any an earlier stage already ran (they are not run twice); empty for a range test.
/// <see cref="BestLearningRate"/> is the best of them by the sweep's metric so far (a range test's: its suggestion).
/// </summary>
/// <param name="Index">The stage's position within its arm: 0, 1, 2, ...</param>
public sealed record SearchStage(
    int Index,
    int Arm,
    StageKind Kind,
    IReadOnlyList<double> LearningRates,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? BestLearningRate);
