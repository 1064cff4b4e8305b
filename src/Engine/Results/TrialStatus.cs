using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Results;

/// <summary>How a trial ended (docs/results.md).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrialStatus>))]
public enum TrialStatus
{
    [JsonStringEnumMemberName("pending")] Pending,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("completed")] Completed,
    [JsonStringEnumMemberName("diverged")] Diverged,
    [JsonStringEnumMemberName("stopped")] Stopped,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>The step-size regime a finished trial's loss curve shows (docs/results.md verdict).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
public enum Verdict
{
    [JsonStringEnumMemberName("too-small")] TooSmall,
    [JsonStringEnumMemberName("good")] Good,
    [JsonStringEnumMemberName("oscillating")] Oscillating,
    [JsonStringEnumMemberName("diverged")] Diverged,
}
