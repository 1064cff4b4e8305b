using SweepCluster.Engine.Results;

namespace SweepCluster.Grains.Trials.Ends;

// A trial's history as Orleans carries it: its points as arrays of structs, a few bytes of framing per point where the
// Trial JSON spends its field names on each.

[GenerateSerializer, Immutable, Alias("result.StepPoint")]
public readonly record struct StepPointSurrogate(long Step, int Epoch, double LearningRate, double TrainLoss)
{
    public StepPoint ToPoint() => new(Step, Epoch, LearningRate, TrainLoss);

    public static StepPointSurrogate Of(StepPoint p) => new(p.Step, p.Epoch, p.LearningRate, p.TrainLoss);
}

[RegisterConverter]
public sealed class StepPointConverter : IConverter<StepPoint, StepPointSurrogate>
{
    public StepPoint ConvertFromSurrogate(in StepPointSurrogate s) => s.ToPoint();
    public StepPointSurrogate ConvertToSurrogate(in StepPoint v) => StepPointSurrogate.Of(v);
}

[GenerateSerializer, Immutable, Alias("result.EpochPoint")]
public readonly record struct EpochPointSurrogate(int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationAccuracy)
{
    public EpochPoint ToPoint() => new(Epoch, TrainLoss, ValidationLoss, ValidationAccuracy);

    public static EpochPointSurrogate Of(EpochPoint p) => new(p.Epoch, p.TrainLoss, p.ValidationLoss, p.ValidationAccuracy);
}

[RegisterConverter]
public sealed class EpochPointConverter : IConverter<EpochPoint, EpochPointSurrogate>
{
    public EpochPoint ConvertFromSurrogate(in EpochPointSurrogate s) => s.ToPoint();
    public EpochPointSurrogate ConvertToSurrogate(in EpochPoint v) => EpochPointSurrogate.Of(v);
}

[GenerateSerializer, Immutable, Alias("result.TrialHistory")]
public readonly record struct TrialHistorySurrogate(StepPointSurrogate[] Steps, EpochPointSurrogate[] Epochs);

[RegisterConverter]
public sealed class TrialHistoryConverter : IConverter<TrialHistory, TrialHistorySurrogate>
{
    public TrialHistory ConvertFromSurrogate(in TrialHistorySurrogate s) =>
        new(Array.ConvertAll(s.Steps ?? [], p => p.ToPoint()), Array.ConvertAll(s.Epochs ?? [], p => p.ToPoint()));

    public TrialHistorySurrogate ConvertToSurrogate(in TrialHistory v) =>
        new([.. v.Steps.Select(StepPointSurrogate.Of)], [.. v.Epochs.Select(EpochPointSurrogate.Of)]);
}
