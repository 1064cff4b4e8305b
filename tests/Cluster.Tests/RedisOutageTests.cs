using System.Diagnostics;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Redis goes away for ten seconds in the middle of a sweep on two real silo processes (it saves, exits, and comes back
/// on the same port with its data): the sweep still runs the undisturbed search to the end, every trial once; neither
/// silo crashes, no run is trained twice, and both silos say in their logs that Redis was unreachable.
/// </summary>
public sealed class RedisOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public ValueTask InitializeAsync() => _redis.InitializeAsync();

    public ValueTask DisposeAsync() => _redis.DisposeAsync();

    [Fact]
    public async Task ASweepFinishesTheUndisturbedSearchAcrossATenSecondRedisOutage()
    {
        const string spec = Specs.SecondsLongCoarseToFine;
        var clock = Stopwatch.StartNew();
        await using var cluster = new SiloProcessCluster(_redis, output);
        try
        {
            await cluster.StartAsync(2);
            var id = Specs.NewId("s");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);
            await CoarseRuns.WaitForAsync(cluster.Client, id, 3, p => p.IsEarlyInTraining(), "a coarse run training");

            output.WriteLine($"Redis stopped at {clock.Elapsed.TotalSeconds:0.0} s");
            await _redis.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            await _redis.RestartAsync();
            output.WriteLine($"Redis back at {clock.Elapsed.TotalSeconds:0.0} s");

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            output.WriteLine($"sweep {result.Status} at {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var line in cluster.Silos.SelectMany(s => s.Log.Split('\n')).Where(l => l.Contains("could not be stored", StringComparison.Ordinal) || l.Contains("end is stored", StringComparison.Ordinal)))
                output.WriteLine(line.Trim());
            SweepResults.AssertUndisturbed(spec, result, output);
            // No silo was lost, so nothing is trained twice: a run that ends while Redis is away keeps its end and
            // stores it once Redis is back, instead of being restarted.
            Assert.All(result.Trials, t => Assert.Equal(1, t.Attempts));
            Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"silo {s.Address} exited"));
            Assert.All(cluster.Silos, s => Assert.Contains($"Redis {_redis.ConnectionString} is unreachable", s.Log, StringComparison.Ordinal));
            Assert.All(cluster.Silos, s => Assert.Matches($@"Redis {_redis.ConnectionString} is reachable again after \d+\.\d s", s.Log));
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
