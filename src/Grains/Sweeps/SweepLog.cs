using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>Engine records kept as JSON in the coordinator's state: its inheritance, range test results, legacy entries.</summary>
internal static class SweepLog
{
    // The contract's options without indentation: stored, not read by people (NaN losses of diverged runs allowed).
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Compact);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Compact) ?? throw new InvalidDataException($"a stored {typeof(T).Name} is the JSON null");
}
