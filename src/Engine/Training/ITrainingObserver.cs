using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Training;

/// <summary>Called on the training thread at the end of every epoch (a progress line, a metric, an ASHA rung check).</summary>
public interface ITrainingObserver
{
    /// <summary>Returns false to stop the run early (it ends with status <see cref="TrialStatus.Stopped"/>).</summary>
    bool OnEpoch(EpochPoint epoch, TrainingProgress progress);
}
