using Orleans.Concurrency;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// One training run in the cluster, keyed by its trial id ("s-abc/0/3"). It trains on a silo chosen by free training
/// slots; if that silo dies it is restarted elsewhere (attempts + 1) without anyone calling it. A finished trial is
/// never rerun.
/// </summary>
[Alias("sweep.ITrialGrain")]
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Persists the request and returns at once; training goes on in the background. Calling it again with an equal
    /// request only returns the current status; another request is an <see cref="ArgumentException"/>, and so is one whose
    /// η is not a finite number > 0.
    /// </summary>
    [Alias("Start")]
    Task<TrialProgress> Start(TrialStart request);

    /// <summary>
    /// Trains a trial that ended failed or cancelled again, in place (attempts + 1, its old result dropped); starts one
    /// never started. A trial that completed, diverged or was stopped keeps its result, and one still training goes on:
    /// both only return their status. One that is ending (cancel asked, not yet stored) is an
    /// <see cref="InvalidOperationException"/>: ask again once it has ended.
    /// </summary>
    [Alias("Retry")]
    Task<TrialProgress> Retry(TrialStart request);

    [Alias("GetStatus"), ReadOnly, AlwaysInterleave]
    Task<TrialProgress> GetStatus();

    /// <summary>The finished Trial, or null while it has not finished.</summary>
    [Alias("GetResult"), ReadOnly, AlwaysInterleave]
    Task<TrialResult?> GetResult();

    /// <summary>
    /// The finished Trial without its history (null while it has not finished): what a CSV row or a result without
    /// histories needs, a few hundred bytes instead of up to a few hundred KB.
    /// </summary>
    [Alias("GetResultWithoutHistory"), ReadOnly, AlwaysInterleave]
    Task<TrialResult?> GetResultWithoutHistory();

    /// <summary>
    /// The finished Trial's outcome without its history (what a search needs) and its silo, or null while it has not
    /// finished: what a coordinator reads per decision, a hundred bytes where <see cref="GetResult"/> is the history's size.
    /// </summary>
    [Alias("GetFigures"), ReadOnly, AlwaysInterleave]
    Task<TrialEnd?> GetFigures();

    /// <summary>The current status, then each change (at most every few hundred ms) until the trial ends.</summary>
    [Alias("Watch"), ReadOnly, AlwaysInterleave]
    IAsyncEnumerable<TrialProgress> Watch(CancellationToken cancellationToken = default);

    /// <summary>
    /// The kept end of its program's stdout and stderr (a command trainer's; empty for the built-in trainer): live while it
    /// runs, stored when it ends. Null for a trial never started.
    /// </summary>
    [Alias("GetLogs"), ReadOnly, AlwaysInterleave]
    Task<TrialLogs?> GetLogs();

    /// <summary>
    /// What a follower of one stream has not seen: its kept lines after the first <paramref name="linesSeen"/> of
    /// <paramref name="attempt"/>, or, once the trial runs another attempt, that attempt's from the start of its kept
    /// tail. Null for a trial never started.
    /// </summary>
    [Alias("GetLogsAfter"), ReadOnly, AlwaysInterleave]
    Task<TrialLogLines?> GetLogsAfter(int attempt, bool stderr, long linesSeen);

    /// <summary>Stops the run within one step; it ends <c>cancelled</c>. No effect on a finished trial.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>Early stop by the search (ASHA): the run ends <c>stopped</c> at its next epoch end.</summary>
    [Alias("Stop")]
    Task Stop();
}
