using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>A connection to the cluster, and its sweeps by id; one per attempt of a verb (<see cref="ClusterAttempts"/>).</summary>
internal sealed class SweepSession(SweepClusterConnection connection, ClusterAttempts attempts) : IAsyncDisposable
{
    public IClusterClient Client => connection.Client;

    public ClusterTarget Target => connection.Target;

    public ISweepCoordinatorGrain Coordinator(string sweepId) => Client.GetGrain<ISweepCoordinatorGrain>(sweepId);

    /// <summary>The sweeps as their coordinators stored them, for a cluster that keeps its state in Redis; else null.</summary>
    public StoredSweepReader? Stored => attempts.Stored;

    /// <summary>The cluster answered and the work went on: a later fault is a new outage, waited out afresh.</summary>
    public void Answered() => attempts.Answered();

    /// <summary>
    /// The sweep's summary; an id nobody submitted is one line (exit 1). Asking stores nothing: GetStatus is read-only
    /// and a coordinator that was never submitted to writes no state.
    /// </summary>
    public async Task<SweepSummary> FindAsync(string sweepId)
    {
        // A status is quick: one that is not is a coordinator on a paused or dying silo, tried again on a new connection.
        var summary = await Coordinator(sweepId).GetStatus().WaitAsync(ClusterAttempts.QuickCall);
        Answered();
        if (summary.Status == SweepPhase.None)
            throw new VerbFailure($"no sweep \"{sweepId}\" in this cluster (`sweep list` shows the sweeps it knows).");
        return summary;
    }

    /// <summary>
    /// The sweep's result so far (docs/results.md), whole in memory: for `report`, whose charts need every trial at once.
    /// Read in pieces like a streamed result (<see cref="SweepResultReader"/>), so that no message is over Orleans'
    /// limit; writing a result streams it instead of holding it.
    /// </summary>
    public async Task<SweepResult> ResultAsync(string sweepId, bool includeHistories)
    {
        var source = await SweepResultReader.OpenAsync(Client, sweepId);
        var trials = new List<Trial>(source.Header.Trials);
        await foreach (var trial in source.TrialsAsync(includeHistories)) trials.Add(trial);
        return source.Summary with { Trials = trials };
    }

    /// <summary>
    /// The sweep's result as `report` draws it: every trial, with the histories of those whose loss curves it draws and
    /// of each arm's best (<see cref="Report.ReportHistories"/>). For a sweep of more trials than it draws curves
    /// for, the trials are read first without histories, then those histories alone: all of them are gigabytes at
    /// 100,000 trials.
    /// </summary>
    public async Task<SweepResult> ReportResultAsync(string sweepId)
    {
        var source = await SweepResultReader.OpenAsync(Client, sweepId);
        var whole = Report.ReportHistories.All(source.Header.Trials);
        var trials = new List<Trial>(source.Header.Trials);
        await foreach (var trial in source.TrialsAsync(includeHistories: whole)) trials.Add(trial);
        if (!whole)
        {
            var at = Report.ReportHistories.Wanted(trials, source.Summary.BestByArm);
            foreach (var batch in at.Chunk(SweepResultReader.BatchSize))
            {
                var fetched = await Task.WhenAll(batch.Select(i => source.WithHistoryAsync(trials[i])));
                for (var k = 0; k < batch.Length; k++) trials[batch[k]] = fetched[k];
            }
        }
        return source.Summary with { Trials = trials };
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
