namespace SweepCluster.Engine.Trainers;

/// <summary>
/// One report of a user's program: an epoch's figures (<see cref="Epoch"/> set) or a step's (<see cref="Step"/> set, no
/// epoch). Losses may be NaN or infinite: that is how a diverging program says so.
/// </summary>
public sealed record TrainerReport(
    int? Epoch,
    long? Step,
    double? TrainLoss = null,
    double? ValidationLoss = null,
    double? ValidationAccuracy = null,
    double? LearningRate = null)
{
    /// <summary>An end-of-epoch report (a rung ASHA can judge), rather than a step's.</summary>
    public bool IsEpoch => Epoch is not null;
}
