using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Trials.Ends;

/// <summary>
/// A run's outcome as Orleans carries and stores it: what a trial sends its coordinator with its end, what a refinement
/// inherits, and what the coordinator's log keeps (<see cref="Sweeps.OutcomeReported"/>). Engine enums by number.
/// </summary>
[GenerateSerializer, Immutable, Alias("search.TrialOutcome")]
public readonly record struct TrialOutcomeSurrogate(
    string Key,
    int Arm,
    int Stage,
    double LearningRate,
    int Status,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    int EpochsCompleted,
    double? InitialLoss,
    int? Verdict,
    double WallSeconds)
{
    public TrialOutcome ToOutcome() => new(Key, Arm, Stage, LearningRate, (TrialStatus)Status, TrainLoss, ValidationLoss, ValidationAccuracy,
        EpochsCompleted, InitialLoss, (Verdict?)Verdict, WallSeconds);

    public static TrialOutcomeSurrogate Of(TrialOutcome o) => new(o.Key, o.Arm, o.Stage, o.LearningRate, (int)o.Status, o.TrainLoss,
        o.ValidationLoss, o.ValidationAccuracy, o.EpochsCompleted, o.InitialLoss, (int?)o.Verdict, o.WallSeconds);
}

[RegisterConverter]
public sealed class TrialOutcomeConverter : IConverter<TrialOutcome, TrialOutcomeSurrogate>
{
    public TrialOutcome ConvertFromSurrogate(in TrialOutcomeSurrogate s) => s.ToOutcome();
    public TrialOutcomeSurrogate ConvertToSurrogate(in TrialOutcome v) => TrialOutcomeSurrogate.Of(v);
}
