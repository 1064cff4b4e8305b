using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>The coordinator's state to and from the Engine's records.</summary>
internal static class SweepLog
{
    // The contract's options without indentation: stored, not read by people (NaN losses of diverged runs allowed).
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Compact);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Compact) ?? throw new InvalidDataException($"a stored {typeof(T).Name} is the JSON null");

    public static TrialRequest Request(this SweepCoordinatorState state, string key) => Read<TrialRequest>(state.Issued[key]);

    public static SweepSearch Restore(this SweepCoordinatorState state, SweepSpec spec) => SweepSearch.Restore(
        spec,
        state.Issued.Values.Select(Read<TrialRequest>),
        state.Finished.Values.Select(Read<TrialOutcome>),
        state.RangeTests.Select(t => (t.Key, Read<LrFinderResult>(t.Value))),
        state.Rungs.Values.Select(Read<RungObservation>),
        state.InheritanceJson is { } inheritance ? Read<SweepInheritance>(inheritance) : null);
}
