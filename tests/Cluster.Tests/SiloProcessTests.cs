using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Real silo processes: two in one Redis cluster, a client that joins through Redis, and a kill -9; and what a silo says:
/// one line when it is ready, one line and an exit code when it cannot start.
/// </summary>
public sealed class SiloProcessTests(RedisServer redis, ITestOutputHelper output)
{
    /// <summary>One line with no exception type or stack frame in it.</summary>
    private static void AssertOneLine(SiloProcess silo)
    {
        var line = Assert.Single(silo.Lines);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", silo.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongRedisPasswordIsOneLineAndExitCode1WithinFiveSeconds()
    {
        const string password = "right-password";
        await using var secured = new RedisServer { Password = password };
        await secured.InitializeAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var silo = SiloProcess.Start($"{secured.ConnectionString},password=wrong-password", Specs.NewId("pw"), slots: 1);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s, exit {silo.ExitCode}: {silo.Log}");
        Assert.Equal(1, silo.ExitCode);
        AssertOneLine(silo);
        Assert.Contains($"Redis {secured.ConnectionString},password=***** refused", silo.Log, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", silo.Log, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task NoRedisIsOneLineAndExitCode1WithinFiveSeconds()
    {
        var nothing = $"127.0.0.1:{RedisServer.FreePort()}";
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var silo = SiloProcess.Start(nothing, Specs.NewId("none"), slots: 1);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s, exit {silo.ExitCode}: {silo.Log}");
        Assert.Equal(1, silo.ExitCode);
        AssertOneLine(silo);
        Assert.Contains($"Redis {nothing} does not answer", silo.Log, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Theory]
    [InlineData("--no-such-option", "'--no-such-option'")]
    [InlineData("stray", "'stray'")]
    [InlineData("--bind=nowhere", "--bind (SWEEP_BIND): \"nowhere\" is not an IP address")]
    [InlineData("--warm-up=maybe", "--warm-up (SWEEP_WARM_UP): \"maybe\" is not allowed")]
    public async Task ABadOptionIsOneLineNamingItAndExitCode2(string argument, string named)
    {
        await using var silo = SiloProcess.Start(redis.ConnectionString, Specs.NewId("bad"), slots: 1, null, argument);
        await silo.WaitForExitAsync(TimeSpan.FromSeconds(30));
        output.WriteLine($"exit {silo.ExitCode}: {silo.Log}");
        Assert.Equal(2, silo.ExitCode);
        AssertOneLine(silo);
        Assert.Contains(named, silo.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASiloSaysInOneLineThatItIsReadyAndLittleElse()
    {
        const string password = "a-password";
        await using var secured = new RedisServer { Password = password };
        await secured.InitializeAsync();
        var clusterId = Specs.NewId("ready");
        await using var silo = SiloProcess.Start($"{secured.ConnectionString},password={password}", clusterId, slots: 1);
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(120));
        await Eventually.HoldsAsync(() => silo.Lines.Any(l => l.StartsWith("silo ready:", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the ready line");
        // The training warm-up's line comes a little later.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        output.WriteLine(silo.Log);

        Assert.Contains(
            $"silo ready: cluster {clusterId} (redis {secured.ConnectionString},password=*****), gateway 127.0.0.1:{silo.GatewayPort}, "
            + $"metrics http://127.0.0.1:{silo.MetricsPort}, slots 1", silo.Lines);
        Assert.InRange(silo.Lines.Count, 1, 4);
        Assert.DoesNotContain(password, silo.Log, StringComparison.Ordinal);
    }

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
            var trials = (await Task.WhenAll(ids.Select(id => Trial(id).GetResult()))).Select(r => r!.Trial).ToArray();
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
