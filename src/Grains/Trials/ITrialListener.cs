using SweepCluster.Engine.Results;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// Told on the silo when a trial's end has been stored (once per trial: a write from a stale activation fails its
/// etag check and is never reported). Register any number as singletons; metrics and tests listen here.
/// </summary>
public interface ITrialListener
{
    /// <param name="trial">The stored Trial, with its history.</param>
    /// <param name="end">Its outcome as the search takes it, and its silo.</param>
    void OnFinished(Trial trial, TrialEnd end);
}
