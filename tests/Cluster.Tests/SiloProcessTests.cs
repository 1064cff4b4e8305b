using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>Two real silo processes in one Redis cluster, a client that joins through Redis, and a kill -9.</summary>
public sealed class SiloProcessTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task TrialsSpreadOverTwoSiloProcessesAndSurviveAKillNine()
    {
        var clusterId = $"proc-{Guid.NewGuid():N}"[..13];
        await using var first = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await using var second = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        try
        {
            await Task.WhenAll(first.WaitHealthyAsync(TimeSpan.FromSeconds(60)), second.WaitHealthyAsync(TimeSpan.FromSeconds(60)));
            await using var connection = await SweepClusterConnection.ConnectAsync(
                new ClusterTarget.Redis(redis.ConnectionString, clusterId, clusterId), cancel: TestContext.Current.CancellationToken);
            await Eventually.HoldsAsync(async () => (await connection.GetSilosAsync()).Count == 2, TimeSpan.FromSeconds(20), "both silos on the load board");

            // Four trials of a few seconds on two one-slot silos: each silo trains one and queues one.
            var ids = Enumerable.Range(0, 4).Select(i => $"{clusterId}/0/{i}").ToArray();
            ITrialGrain Trial(string id) => connection.Client.GetGrain<ITrialGrain>(id);
            await Task.WhenAll(ids.Select(id => Trial(id).Start(Specs.Long(epochs: 800))));
            await Eventually.HoldsAsync(async () => (await Task.WhenAll(ids.Select(id => Trial(id).GetStatus())))
                .Count(s => s.Phase == TrialPhase.Running && s.Step > 0) == 2, TimeSpan.FromSeconds(30), "one trial training on each silo");
            var before = await Task.WhenAll(ids.Select(id => Trial(id).GetStatus()));
            output.WriteLine("before: " + string.Join("; ", before.Select(s => $"{s.TrialId} {s.Phase} on {s.Silo}")));
            Assert.Equal(2, before.Count(s => s.Silo == first.Address));
            Assert.Equal(2, before.Count(s => s.Silo == second.Address));

            output.WriteLine($"kill at {DateTime.Now:HH:mm:ss.fff}");
            var killedAt = System.Diagnostics.Stopwatch.StartNew();
            second.Kill();
            // Bounded calls: one to a grain that was on the killed silo waits for the response timeout (30 s).
            await Eventually.HoldsAsync(async () => (await connection.GetSilosAsync().WaitAsync(TimeSpan.FromSeconds(2))).Count == 1,
                TimeSpan.FromSeconds(60), "the killed silo left the board");
            output.WriteLine($"declared gone after {killedAt.Elapsed.TotalSeconds:0.0} s");
            output.WriteLine(string.Join("\n", first.Log.Split('\n').Where(l => l.Contains("dead", StringComparison.OrdinalIgnoreCase) || l.Contains("suspect", StringComparison.OrdinalIgnoreCase) || l.Contains("probe", StringComparison.OrdinalIgnoreCase) || l.Contains("Evict", StringComparison.OrdinalIgnoreCase)).Take(40)));
            Assert.Equal(200, await first.HealthAsync());

            await Eventually.HoldsAsync(async () => (await Task.WhenAll(ids.Select(id => Trial(id).GetResult())).WaitAsync(TimeSpan.FromSeconds(2))).All(r => r is not null),
                TimeSpan.FromSeconds(120), "every trial finished", every: TimeSpan.FromMilliseconds(500));
            output.WriteLine($"all finished {killedAt.Elapsed.TotalSeconds:0.0} s after the kill");
            var trials = (await Task.WhenAll(ids.Select(id => Trial(id).GetResult()))).Select(r => r!.ToTrial()).ToArray();
            foreach (var t in trials) output.WriteLine($"{t.TrialId}: {t.Status} on {t.Silo}, attempts {t.Attempts}");
            Assert.All(trials, t => Assert.Equal(Engine.Results.TrialStatus.Completed, t.Status));
            Assert.All(trials, t => Assert.Equal(first.Address, t.Silo));
            var orphans = before.Where(s => s.Silo == second.Address).Select(s => s.TrialId).ToHashSet();
            Assert.All(trials.Where(t => orphans.Contains(t.TrialId)), t => Assert.True(t.Attempts >= 2, $"{t.TrialId}: attempts {t.Attempts}"));
        }
        catch
        {
            output.WriteLine("--- first silo ---\n" + Tail(first.Log) + "\n--- second silo ---\n" + Tail(second.Log));
            throw;
        }
    }

    private static string Tail(string log) => log.Length > 6000 ? log[^6000..] : log;
}
