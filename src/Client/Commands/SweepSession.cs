using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>A connection to the cluster, and its sweeps by id.</summary>
internal sealed class SweepSession(SweepClusterConnection connection) : IAsyncDisposable
{
    public IClusterClient Client => connection.Client;

    public ClusterTarget Target => connection.Target;

    public ISweepCoordinatorGrain Coordinator(string sweepId) => Client.GetGrain<ISweepCoordinatorGrain>(sweepId);

    /// <summary>
    /// The sweep's summary; an id nobody submitted is one line (exit 1). Asking stores nothing: GetStatus is read-only
    /// and a coordinator that was never submitted to writes no state.
    /// </summary>
    public async Task<SweepSummary> FindAsync(string sweepId)
    {
        var summary = await Coordinator(sweepId).GetStatus();
        if (summary.Status == SweepPhase.None)
            throw new VerbFailure($"no sweep \"{sweepId}\" in this cluster (`sweep list` shows the sweeps it knows).");
        return summary;
    }

    /// <summary>
    /// The sweep's result so far, as its coordinator writes it (CONTRACT §4), whole, in one message: for `report`, whose
    /// charts need every trial at once. Writing a result streams it instead (<see cref="Results.SweepResultReader"/>).
    /// </summary>
    public async Task<SweepResult> ResultAsync(string sweepId, bool includeHistories)
    {
        var report = await Coordinator(sweepId).GetResult(includeHistories);
        return JsonSerializer.Deserialize<SweepResult>(report.Json, SpecJson.Options)
            ?? throw new VerbFailure($"sweep {sweepId}: its coordinator sent an empty result.");
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
