using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Trials;

/// <summary>A finished trial: the whole Trial (history included or not, as asked), with the figures a caller sorts by.</summary>
/// <remarks>Field 4 (the Trial as JSON text) is retired; the Trial crosses as itself through <c>Ends.TrialCodec</c>.</remarks>
[GenerateSerializer, Immutable, Alias("sweep.TrialResult")]
public sealed record TrialResult(string TrialId, TrialPhase Phase, int Attempts, string? Silo)
{
    [Id(5)] public required Trial Trial { get; init; }

    /// <summary>What the search needs of this trial, run for <paramref name="request"/> (a coordinator asks for a <see cref="TrialEnd"/> instead).</summary>
    public TrialOutcome ToOutcome(TrialRequest request) => TrialOutcome.From(request, Trial);

    internal static TrialResult Of(Trial trial) => Of(TrialPhases.From(trial.Status), trial);

    internal static TrialResult Of(TrialPhase phase, Trial trial) => new(trial.TrialId, phase, trial.Attempts, trial.Silo) { Trial = trial };
}
