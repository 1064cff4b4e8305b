using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials.Ends;

/// <summary>
/// A finished Trial as Orleans carries it between grains: every field of the Engine's record, its sections through the
/// spec surrogates, its history through <see cref="TrialHistorySurrogate"/>, its searched values in their order. Engine
/// enums travel by number.
/// </summary>
[GenerateSerializer, Immutable, Alias("result.Trial")]
public readonly record struct TrialSurrogate(
    string TrialId,
    int Arm,
    int Stage,
    double LearningRate,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    int Status,
    string? Error,
    int EpochsCompleted,
    long Steps,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    string? Silo,
    int Attempts,
    double WallSeconds,
    int? Verdict,
    TrialHistory? History,
    double? InitialLoss,
    TrialParameter[]? Parameters,
    string? HistoryUnavailable);

[RegisterConverter]
public sealed class TrialConverter : IConverter<Trial, TrialSurrogate>
{
    public Trial ConvertFromSurrogate(in TrialSurrogate s) =>
        new(s.TrialId, s.Arm, s.Stage, s.LearningRate, s.Optimizer, s.Schedule, (TrialStatus)s.Status, s.Error, s.EpochsCompleted,
            s.Steps, s.TrainLoss, s.ValidationLoss, s.ValidationAccuracy, s.Silo, s.Attempts, s.WallSeconds, (Verdict?)s.Verdict, s.History)
        {
            InitialLoss = s.InitialLoss,
            Parameters = TrialParameter.ToValues(s.Parameters),
            HistoryUnavailable = s.HistoryUnavailable,
        };

    public TrialSurrogate ConvertToSurrogate(in Trial v) =>
        new(v.TrialId, v.Arm, v.Stage, v.LearningRate, v.Optimizer, v.Schedule, (int)v.Status, v.Error, v.EpochsCompleted, v.Steps,
            v.TrainLoss, v.ValidationLoss, v.ValidationAccuracy, v.Silo, v.Attempts, v.WallSeconds, (int?)v.Verdict, v.History,
            v.InitialLoss, TrialParameter.Of(v.Parameters), v.HistoryUnavailable);
}
