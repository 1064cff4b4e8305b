using SweepCluster.Engine.Results;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A trial's live position, readable at any time and streamed to watchers. Step figures are the training thread's
/// latest (each field individually current); after the end they are the final Trial's.
/// </summary>
/// <param name="Silo">"host:port" of the silo training it (or that trained it last).</param>
/// <param name="Attempts">1, plus one per restart after its silo was lost.</param>
/// <param name="Loss">Latest batch loss; NaN before the first step.</param>
/// <param name="LearningRate">The rate the schedule gave at the latest step; NaN before the first step.</param>
/// <param name="LastEpoch">The latest end-of-epoch figures, for searches that judge at epoch rungs.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialProgress")]
public sealed record TrialProgress(
    string TrialId,
    TrialPhase Phase,
    int Attempts,
    string? Silo,
    long Step,
    long TotalSteps,
    int Epoch,
    int TotalEpochs,
    double Loss,
    double LearningRate,
    EpochPoint? LastEpoch,
    string? Error);
