using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Results;

/// <summary>One recorded optimizer step: the batch loss at the parameters before the update, and the rate used.</summary>
public sealed record StepPoint(long Step, int Epoch, double LearningRate, double TrainLoss);

/// <summary>End-of-epoch figures; TrainLoss is the mean batch loss over the epoch.</summary>
public sealed record EpochPoint(
    int Epoch,
    double TrainLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationLoss,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? ValidationAccuracy);

public sealed record TrialHistory(IReadOnlyList<StepPoint> Steps, IReadOnlyList<EpochPoint> Epochs);
