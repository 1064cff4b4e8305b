using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

/// <summary>Range tests (lr-finder) run here, on a dedicated thread of this silo, outside the training slots.</summary>
public sealed partial class SweepCoordinatorGrain
{
    private void LaunchRangeTest(TrialRequest request)
    {
        var plan = _search!.PlanFor(request);
        var settings = _search.RangeTestSettings!;
        var cancel = new CancellationTokenSource();
        var task = Task.Factory.StartNew(() => LrRangeTest.Run(plan, settings, null, cancel.Token), cancel.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _rangeTests[request.Key] = new RangeTestRun(task, cancel);
        var self = this.AsReference<ISweepCoordinatorGrain>();
        var trialId = SweepResultBuilder.TrialId(Id, request.Key);
        // Ends are reported by a message to this grain, so that the report runs as a turn of its own.
        _ = task.ContinueWith(_ => cancel.IsCancellationRequested ? Task.CompletedTask : self.TrialFinished(trialId), TaskScheduler.Default);
    }

    private sealed record RangeTestRun(Task<LrFinderResult> Task, CancellationTokenSource Cancel);
}
