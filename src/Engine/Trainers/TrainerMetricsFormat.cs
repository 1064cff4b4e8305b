using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Trainers;

/// <summary>The two ways a program reports metrics.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainerMetricsFormat>))]
public enum TrainerMetricsFormat
{
    [JsonStringEnumMemberName("json")] Json,
    [JsonStringEnumMemberName("regex")] Regex,
}
