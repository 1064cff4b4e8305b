using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials;

/// <summary>A finished trial: the docs/results.md Trial JSON (history included), with the figures a caller sorts by.</summary>
[GenerateSerializer, Immutable, Alias("sweep.TrialResult")]
public sealed record TrialResult(string TrialId, TrialPhase Phase, int Attempts, string? Silo, string Json)
{
    /// <summary>The Trial itself (JSON read back with the options that wrote it).</summary>
    public Trial ToTrial() => FromJson(Json);

    /// <summary>What the search needs of this trial, run for <paramref name="request"/> (a coordinator asks for <see cref="TrialFigures"/> instead).</summary>
    public TrialOutcome ToOutcome(TrialRequest request) => TrialFigures.Of(ToTrial()).ToOutcome(request);

    internal static TrialResult Of(Trial trial) =>
        new(trial.TrialId, TrialPhases.From(trial.Status), trial.Attempts, trial.Silo, ToJson(trial));

    internal static string ToJson(Trial trial) => JsonSerializer.Serialize(trial, Compact);

    internal static Trial FromJson(string json) =>
        JsonSerializer.Deserialize<Trial>(json, Compact) ?? throw new InvalidDataException("a stored trial is the JSON null");

    // The contract's options without indentation: this copy is stored and sent, not read by people.
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };
}
