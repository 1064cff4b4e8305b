using System.Diagnostics;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Engine.Results;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Redis restarts under two real silo processes (SHUTDOWN NOSAVE, then a new redis-server on the same port). Without
/// persistence it comes back empty: membership, grain state and reminders are gone, and each silo notices that its
/// membership row is gone, says so, and is replaced in-process by a new silo that joins again, so that the cluster takes
/// new sweeps. With an append-only file it comes back with everything: a sweep in flight finishes the undisturbed search.
/// </summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const string Grid =
        """{"name":"restart","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":50},"search":{"kind":"grid","learningRates":[0.001,0.01,0.03],"metric":"trainLoss"}}""";

    private const string Replaced = "This silo is no cluster member any more";

    private static readonly TimeSpan HealPatience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SilosRejoinARedisThatRestartedEmptyWithinSecondsAndTakeANewSweep()
    {
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            var silos = await cluster.StartAsync(2);
            var before = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
            await before.Submit(Grid);
            Assert.Equal(SweepStatus.Completed, (await SweepResults.EndAsync(before, SiloProcessCluster.Patience)).Status);

            // Down for two seconds, then back empty on the same port, as after a crash of a Redis without persistence.
            var clock = Stopwatch.StartNew();
            await redis.StopAsync(save: false);
            var healing = silos.Select(s => UnhealthyThenHealthyAsync(s, clock, HealPatience + TimeSpan.FromSeconds(10))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
            await redis.RestartAsync();
            var restartedAt = clock.Elapsed;
            var healed = (await Task.WhenAll(healing)).Select(t => t - restartedAt).ToArray();
            output.WriteLine($"Redis back empty at {restartedAt.TotalSeconds:0.0} s; /healthz 200 again after {string.Join(" and ", healed.Select(t => $"{t.TotalSeconds:0.0} s"))}");
            foreach (var silo in silos)
                output.WriteLine(string.Join("\n", silo.Lines.Where(l => l.Contains(Replaced, StringComparison.Ordinal) || l.StartsWith("silo ready:", StringComparison.Ordinal))));
            Assert.All(healed, t => Assert.True(t < HealPatience, $"healthy again only {t.TotalSeconds:0.0} s after Redis was back"));
            Assert.All(silos, s => Assert.False(s.HasExited, $"silo {s.Address} exited"));
            Assert.All(silos, s => Assert.Contains(s.Lines, l => l.Contains($"{Replaced}: the membership table is gone from Redis", StringComparison.Ordinal)
                || l.Contains($"{Replaced}: its membership row is gone from Redis", StringComparison.Ordinal)
                || l.Contains($"{Replaced}: the cluster declared it dead", StringComparison.Ordinal)));
            // The new silo's ready line follows its first healthy answer closely, through a pipe read on another thread.
            foreach (var silo in silos) await ReadyTwiceAsync(silo);
            Assert.All(silos, s => Assert.Equal(2, s.Lines.Count(IsReady)));

            // A new client, as the next `sweep run` would be: it finds the new silos in Redis.
            await cluster.ConnectAsync();
            var after = cluster.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
            await after.Submit(Grid);
            var result = await SweepResults.EndAsync(after, SiloProcessCluster.Patience);
            Assert.Equal(SweepStatus.Completed, result.Status);
            Assert.Equal(3, result.Trials.Count(t => t.Status == TrialStatus.Completed));
            Assert.Equal(0.03, result.Best!.LearningRate);
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }

    [Fact]
    public async Task WithAnAppendOnlyFileASweepInFlightLosesNothingAcrossARedisRestart()
    {
        const string spec = Specs.SecondsLongCoarseToFine;
        await using var redis = new RedisServer { AppendOnly = true };
        await redis.InitializeAsync();
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(2);
            var id = Specs.NewId("s");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);
            await CoarseRuns.WaitForAsync(cluster.Client, id, 3, p => p.IsEarlyInTraining(), "a coarse run training");

            // No snapshot: whatever comes back, the append-only file kept.
            await redis.StopAsync(save: false);
            await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
            await redis.RestartAsync();

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            SweepResults.AssertUndisturbed(spec, result, output);
            Assert.All(result.Trials, t => Assert.Equal(1, t.Attempts));
            Assert.All(cluster.Silos, s => Assert.False(s.HasExited, $"silo {s.Address} exited"));
            Assert.All(cluster.Silos, s => Assert.DoesNotContain(s.Lines, l => l.Contains(Replaced, StringComparison.Ordinal)));
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }

    private static bool IsReady(string line) => line.StartsWith("silo ready:", StringComparison.Ordinal);

    /// <summary>Waits a little for a silo's second ready line (the silo that replaced the first); the assertion follows.</summary>
    private static async Task ReadyTwiceAsync(SiloProcess silo)
    {
        var clock = Stopwatch.StartNew();
        while (silo.Lines.Count(IsReady) < 2 && clock.Elapsed < TimeSpan.FromSeconds(15)) await Task.Delay(100);
    }

    /// <summary>Polls <c>/healthz</c> until it has answered 503 and then 200, and returns when by <paramref name="clock"/>.</summary>
    private static async Task<TimeSpan> UnhealthyThenHealthyAsync(SiloProcess silo, Stopwatch clock, TimeSpan timeout)
    {
        var sawUnavailable = false;
        while (clock.Elapsed < timeout)
        {
            var status = await silo.HealthAsync();
            if (status == 503) sawUnavailable = true;
            else if (status == 200 && sawUnavailable) return clock.Elapsed;
            await Task.Delay(100);
        }
        Assert.Fail(sawUnavailable
            ? $"silo {silo.Address}: /healthz was 503 but not 200 again within {timeout.TotalSeconds:0} s"
            : $"silo {silo.Address}: /healthz never answered 503 within {timeout.TotalSeconds:0} s");
        return clock.Elapsed;
    }
}
