using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// What a search needs of a finished trial, without its history: the answer to <see cref="ITrialGrain.GetFigures"/>.
/// A coordinator reads one per decision, and the whole Trial it used to fetch instead was the history's size (tens of
/// KB for a trial of a thousand steps), sent across silos and parsed on the coordinator's turn to keep eight figures.
/// Kept as JSON, like the coordinator's log, so the Engine's types need no Orleans codec.
/// </summary>
/// <param name="Silo">Where it trained ("host:port"): its end freed a place there, which the coordinator fills next.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialFigures")]
public sealed record TrialFigures(string Json, string? Silo)
{
    internal static TrialFigures Of(Trial trial) => new(JsonSerializer.Serialize(
        new Figures(trial.Status, trial.TrainLoss, trial.ValidationLoss, trial.ValidationAccuracy, trial.EpochsCompleted,
            trial.InitialLoss, trial.Verdict, trial.WallSeconds), Compact), trial.Silo);

    /// <summary>The outcome of <paramref name="request"/> that these figures tell.</summary>
    public TrialOutcome ToOutcome(TrialRequest request) => OutcomeOf(Json, request);

    /// <summary>
    /// The outcome of <paramref name="request"/> read from <paramref name="json"/>, a Trial's JSON or a
    /// <see cref="TrialFigures"/>'s: every member but the figures is skipped, not built.
    /// </summary>
    internal static TrialOutcome OutcomeOf(string json, TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var f = JsonSerializer.Deserialize<Figures>(json, Compact) ?? throw new InvalidDataException("a stored trial is the JSON null");
        return new(request.Key, request.Arm, request.Stage, request.LearningRate, f.Status, f.TrainLoss, f.ValidationLoss,
            f.ValidationAccuracy, f.EpochsCompleted, f.InitialLoss, f.Verdict, f.WallSeconds);
    }

    // The Trial's own options (TrialResult's), so the figures read back exactly as from the whole Trial's JSON.
    private static readonly JsonSerializerOptions Compact = new(SpecJson.Options) { WriteIndented = false };

    /// <summary>The Trial's figures that a <see cref="TrialOutcome"/> carries, named as in the Trial's JSON.</summary>
    private sealed record Figures(
        TrialStatus Status, double? TrainLoss, double? ValidationLoss, double? ValidationAccuracy, int EpochsCompleted,
        double? InitialLoss, Verdict? Verdict, double WallSeconds);
}
