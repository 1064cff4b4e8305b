using System.Diagnostics;
using SweepCluster.Engine.Results;
using StackExchange.Redis;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A silo process frozen (SIGSTOP) until the other silo has declared it dead, then thawed (SIGCONT): Orleans finds
/// itself Dead in the membership table and would end the process; instead a new silo starts in the same process, joins
/// again, and takes part in a new sweep.
/// </summary>
public sealed class SiloDeclaredDeadTests(RedisServer redis, ITestOutputHelper output)
{
    private const string Grid =
        """{"name":"thawed","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":50},"search":{"kind":"grid","learningRates":[0.001,0.003,0.01,0.03],"metric":"trainLoss"}}""";

    [Fact]
    public async Task ASiloDeclaredDeadWhileFrozenRejoinsInItsOwnProcessOnceThawed()
    {
        await using var cluster = new SiloProcessCluster(redis, output);
        IClusterLoadGrain Board() => cluster.Client.GetGrain<IClusterLoadGrain>(0);
        try
        {
            var silos = await cluster.StartAsync(2);
            var (frozen, other) = (silos[0], silos[1]);
            frozen.Freeze(pause: true);
            var clock = Stopwatch.StartNew();
            try
            {
                // Read in Redis itself: grain calls may wait on the frozen silo.
                await using var table = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
                await Eventually.HoldsAsync(async () => (await table.GetDatabase().HashGetAllAsync($"{cluster.ClusterId}/members/{cluster.ClusterId}"))
                    .Any(row => row.Name.ToString().StartsWith($"S{frozen.Address}:", StringComparison.Ordinal) && row.Value.ToString().Contains("\"Status\":6", StringComparison.Ordinal)),
                    SiloProcessCluster.Patience, "the frozen silo's row says Dead (6)", every: TimeSpan.FromMilliseconds(250));
            }
            finally
            {
                frozen.Freeze(pause: false);
            }
            output.WriteLine($"declared dead after {clock.Elapsed.TotalSeconds:0.0} s frozen; thawed");
            var thawed = Stopwatch.StartNew();
            await Eventually.HoldsAsync(() => frozen.Lines.Count(l => l.StartsWith("silo ready:", StringComparison.Ordinal)) == 2,
                SiloProcessCluster.Patience, "a new silo ready in the thawed process");
            await frozen.WaitHealthyAsync(SiloProcessCluster.Patience);
            output.WriteLine($"healthy again {thawed.Elapsed.TotalSeconds:0.0} s after the thaw");
            output.WriteLine(string.Join("\n", frozen.Lines.Where(l => l.Contains("no cluster member", StringComparison.Ordinal))));
            Assert.False(frozen.HasExited, "the thawed silo's process exited");
            Assert.Contains(frozen.Lines, l => l.Contains("This silo is no cluster member any more: the cluster declared it dead", StringComparison.Ordinal));

            await Eventually.HoldsAsync(async () => (await Board().GetSilos().WaitAsync(TimeSpan.FromSeconds(2))).Count == 2,
                SiloProcessCluster.Patience, "the new silo on the load board", every: TimeSpan.FromMilliseconds(250));
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
            await sweep.Submit(Grid);
            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(0.03, result.Best!.LearningRate);
            Assert.False(other.HasExited);
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
