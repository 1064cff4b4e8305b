using System.Diagnostics;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// A cluster of real processes on this machine: one redis-server and N silos, each on its own free ports, and a client
/// that joins through Redis as <c>sweep run --redis</c> does. Disposing kills every process, by its PID, whatever happened.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartPatience = TimeSpan.FromSeconds(180);
    private readonly List<SiloProcess> _silos = [];
    private RedisProcess? _redis;
    private SweepClusterConnection? _connection;

    private ProcessCluster()
    {
    }

    public string ClusterId { get; private init; } = $"bench-{Guid.NewGuid():N}"[..14];

    public RedisProcess Redis => _redis!;

    public IReadOnlyList<SiloProcess> Silos => _silos;

    public IClusterClient Client => _connection!.Client;

    /// <param name="slots">Each silo's <c>--slots</c>.</param>
    /// <param name="resultsRoot">Every silo's <c>--results-root</c> (one folder, shared as on one host); null for their default.</param>
    /// <param name="clusterId">The cluster's and service's id; null for one of its own. A `sweep` command joins "sweep".</param>
    public static async Task<ProcessCluster> StartAsync(IReadOnlyList<int> slots, bool serverGc, string? resultsRoot = null, string? clusterId = null)
    {
        var cluster = clusterId is null ? new ProcessCluster() : new ProcessCluster { ClusterId = clusterId };
        try
        {
            cluster._redis = await RedisProcess.StartAsync();
            cluster._silos.AddRange(slots.Select(s => SiloProcess.Start(cluster.Redis.ConnectionString, cluster.ClusterId, s, serverGc, resultsRoot)));
            await Task.WhenAll(cluster._silos.Select(s => s.WaitHealthyAsync(StartPatience)));
            cluster._connection = await SweepClusterConnection.ConnectAsync(
                new ClusterTarget.Redis(cluster.Redis.ConnectionString, cluster.ClusterId, cluster.ClusterId), TimeSpan.FromSeconds(60));
            // Placement reads the load board: until every silo has reported there, trials would be placed by another rule.
            var clock = Stopwatch.StartNew();
            while ((await cluster._connection.GetSilosAsync()).Count < slots.Count)
            {
                if (clock.Elapsed > StartPatience) throw new TimeoutException($"the load board did not list {slots.Count} silos within {StartPatience.TotalSeconds:0} s.");
                await Task.Delay(250);
            }
            return cluster;
        }
        catch (Exception)
        {
            foreach (var silo in cluster._silos) Console.Error.WriteLine($"--- silo {silo.Address} ---\n{silo.LogTail}");
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The client first, while its gateways still answer: it says goodbye instead of timing out.
            if (_connection is not null) await _connection.DisposeAsync();
        }
        finally
        {
            await Task.WhenAll(_silos.Select(s => s.DisposeAsync().AsTask()));
            if (_redis is not null) await _redis.DisposeAsync();
        }
    }
}
