using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// ASHA from a trial's side: at each rung of its arm the training thread asks the sweep's coordinator whether to go on,
/// and waits for the answer, so a trial that ASHA cuts trains not one step past its rung (as in the local runner).
/// </summary>
/// <remarks>
/// The wait blocks the trial's own dedicated thread, never a grain scheduler. A coordinator that cannot answer (its
/// silo is going away) must neither stop nor hang the run: after <see cref="Patience"/> or an error the run goes on,
/// which is what ASHA does for a trial it has not judged.
/// </remarks>
internal sealed class RungGate(IReadOnlyList<int> rungs, Metric metric, Func<int, double, Task<bool>> ask, Action<Exception> onError)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Called at the end of every epoch; asks only at rungs.</summary>
    public bool Continue(EpochPoint point)
    {
        var completed = point.Epoch + 1;
        if (!rungs.Contains(completed)) return true;
        try
        {
            return ask(completed, TrialRanking.EpochValue(point, metric)).WaitAsync(Patience).GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            onError(e);
            return true;
        }
    }

    /// <summary>The same question without blocking a thread (a program's epoch report, read on a pool thread).</summary>
    public async Task<bool> ContinueAsync(EpochPoint point)
    {
        var completed = point.Epoch + 1;
        if (!rungs.Contains(completed)) return true;
        try
        {
            return await ask(completed, TrialRanking.EpochValue(point, metric)).WaitAsync(Patience).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            onError(e);
            return true;
        }
    }
}
