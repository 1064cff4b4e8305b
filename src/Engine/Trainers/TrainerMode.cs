using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Trainers;

/// <summary>One process per trial, or one long-lived process per slot fed trials on stdin.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainerMode>))]
public enum TrainerMode
{
    [JsonStringEnumMemberName("process")] Process,
    [JsonStringEnumMemberName("worker")] Worker,
}
