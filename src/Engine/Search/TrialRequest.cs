using System.Text.Json.Serialization;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Search;

/// <summary>What a request asks a worker to run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrialPurpose>))]
public enum TrialPurpose
{
    /// <summary>A training run at <see cref="TrialRequest.LearningRate"/>, reported with <see cref="SweepSearch.Report"/>.</summary>
    [JsonStringEnumMemberName("train")] Train,

    /// <summary>An LR range test of the arm (<see cref="LrRangeTest"/>), reported with <see cref="SweepSearch.ReportRangeTest"/>.</summary>
    [JsonStringEnumMemberName("range-test")] RangeTest,
}

/// <summary>
/// One run the search wants launched. <see cref="Key"/> is "{arm}/{stage}/{index}": the same run gets the same key in
/// every replay of the search, so it names the trial in storage and in the sweep result ("{sweepId}/{key}").
/// A range test's <see cref="LearningRate"/> is the ramp's first rate.
/// </summary>
public sealed record TrialRequest(string Key, int Arm, int Stage, double LearningRate, TrialPurpose Purpose)
{
    /// <summary>
    /// The configuration of a search over parameters (names as the spec writes them, <c>learningRate</c> included when
    /// searched, which then equals <see cref="LearningRate"/>); null for a search over η alone.
    /// </summary>
    public IReadOnlyDictionary<string, ParameterValue>? Parameters { get; init; }

    /// <summary>Which repeat of its configuration the run is: it trains with seed training.seed + <see cref="Repeat"/>.</summary>
    public int Repeat { get; init; }

    public static string KeyOf(int arm, int stage, int index) => $"{arm}/{stage}/{index}";

    /// <summary>Equal requests: the same run, with the same configuration (compared by value).</summary>
    public bool Equals(TrialRequest? other) =>
        other is not null && Key == other.Key && Arm == other.Arm && Stage == other.Stage && LearningRate.Equals(other.LearningRate)
        && Purpose == other.Purpose && Repeat == other.Repeat && SameValues(Parameters, other.Parameters);

    public override int GetHashCode() => HashCode.Combine(Key, Arm, Stage, LearningRate, Purpose, Repeat);

    private static bool SameValues(IReadOnlyDictionary<string, ParameterValue>? a, IReadOnlyDictionary<string, ParameterValue>? b) =>
        ReferenceEquals(a, b) || a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}
