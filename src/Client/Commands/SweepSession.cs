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

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
