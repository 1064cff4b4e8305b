using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// What a search needs of a finished trial, without its history: what a trial sends its coordinator with its end
/// (<see cref="Sweeps.ISweepCoordinatorGrain.TrialEnded"/>) and answers to <see cref="ITrialGrain.GetFigures"/>. A
/// coordinator reads one per decision; the whole Trial is the history's size. Engine enums travel by number.
/// </summary>
/// <param name="Status">A <see cref="TrialStatus"/>.</param>
/// <param name="Verdict">A <see cref="Engine.Results.Verdict"/>; null for none.</param>
/// <param name="Silo">Where it trained ("host:port"): its end freed a place there, which the coordinator fills next.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialFigures")]
public sealed record TrialFigures(
    int Status,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    int EpochsCompleted,
    double? InitialLoss,
    int? Verdict,
    double WallSeconds,
    string? Silo)
{
    internal static TrialFigures Of(Trial trial) => new((int)trial.Status, trial.TrainLoss, trial.ValidationLoss, trial.ValidationAccuracy,
        trial.EpochsCompleted, trial.InitialLoss, (int?)trial.Verdict, trial.WallSeconds, trial.Silo);

    /// <summary>The outcome of <paramref name="request"/> that these figures tell.</summary>
    public TrialOutcome ToOutcome(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.Key, request.Arm, request.Stage, request.LearningRate, (TrialStatus)Status, TrainLoss, ValidationLoss,
            ValidationAccuracy, EpochsCompleted, InitialLoss, (Verdict?)Verdict, WallSeconds);
    }
}
