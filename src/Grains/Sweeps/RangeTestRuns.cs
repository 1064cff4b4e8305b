using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A coordinator's range tests: each runs on a dedicated thread of the coordinator's silo, outside the training slots,
/// and lives with the activation (the next one runs it again).
/// </summary>
internal sealed class RangeTestRuns
{
    private readonly Dictionary<string, Run> _runs = [];

    public bool IsRunning(string key) => _runs.ContainsKey(key);

    /// <summary>
    /// Starts the range test <paramref name="request"/> of <paramref name="search"/>; its end is reported by a message to
    /// <paramref name="coordinator"/>, a turn of its own.
    /// </summary>
    public void Launch(TrialRequest request, SweepSearch search, string sweepId, ISweepCoordinatorGrain coordinator)
    {
        var trialId = SweepResultBuilder.TrialId(sweepId, request.Key);
        Launch(request.Key, search.PlanFor(request), search.RangeTestSettings!, () => coordinator.TrialFinished(trialId));
    }

    /// <summary>Starts the test of run <paramref name="key"/>; <paramref name="ended"/> is called once it ends, unless it was cancelled.</summary>
    public void Launch(string key, TrialPlan plan, LrRangeTestSettings settings, Func<Task> ended)
    {
        var cancel = new CancellationTokenSource();
        var task = Task.Factory.StartNew(() => LrRangeTest.Run(plan, settings, null, cancel.Token), cancel.Token,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
        _runs[key] = new Run(task, cancel);
        _ = task.ContinueWith(_ => cancel.IsCancellationRequested ? Task.CompletedTask : ended(), TaskScheduler.Default);
    }

    /// <summary>The ended test of <paramref name="key"/>, now forgotten; null while it runs or when there is none.</summary>
    public Task<LrFinderResult>? TakeEnded(string key)
    {
        if (!_runs.TryGetValue(key, out var run) || !run.Task.IsCompleted) return null;
        _runs.Remove(key);
        return run.Task;
    }

    public void CancelAll()
    {
        foreach (var run in _runs.Values) run.Cancel.Cancel();
    }

    /// <summary>Cancels every test and forgets them: the activation is going.</summary>
    public void Clear()
    {
        CancelAll();
        _runs.Clear();
    }

    private sealed record Run(Task<LrFinderResult> Task, CancellationTokenSource Cancel);
}
