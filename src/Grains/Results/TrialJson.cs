using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Results;

/// <summary>
/// The docs/results.md Trial JSON, the form in which a finished trial is stored (its grain state, read back from Redis by a
/// client too). Between grains a Trial crosses as itself (<c>Trials.Ends.TrialCodec</c>): this is only the storage edge.
/// </summary>
public static class TrialJson
{
    // The contract's options without indentation: this copy is stored, not read by people.
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    public static string Write(Trial trial) => JsonSerializer.Serialize(trial, Compact);

    /// <exception cref="InvalidDataException">The stored text is the JSON null.</exception>
    public static Trial Read(string json) =>
        JsonSerializer.Deserialize<Trial>(json, Compact) ?? throw new InvalidDataException("a stored trial is the JSON null");
}
