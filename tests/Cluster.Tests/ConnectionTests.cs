using System.Diagnostics;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

public sealed class ConnectionTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ALocalConnectionTrainsInAnEmbeddedSilo()
    {
        await using var connection = await SweepClusterConnection.ConnectAsync(new ClusterTarget.Local(), cancel: TestContext.Current.CancellationToken);
        var grain = connection.Client.GetGrain<ITrialGrain>("s-local/0/0");
        await grain.Start(Specs.Short());

        TrialProgress? last = null;
        await foreach (var p in grain.Watch(TestContext.Current.CancellationToken)) last = p;
        Assert.Equal(TrialPhase.Completed, last!.Phase);
        var trial = (await grain.GetResult())!.Trial;
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(1, trial.Attempts);
        var silo = Assert.Single(await connection.GetSilosAsync());
        Assert.Equal(silo.Address, trial.Silo);
        Assert.Equal(Environment.ProcessorCount, silo.Slots);
    }

    [Fact]
    public async Task NoSiloAtAGatewayIsAOneLineErrorWithinTenSeconds()
    {
        var port = RedisServer.FreePort();
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            SweepClusterConnection.ConnectAsync(new ClusterTarget.Gateway($"127.0.0.1:{port}"), cancel: TestContext.Current.CancellationToken));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(11));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("dotnet run --project src/Silo", e.Message);
    }

    [Fact]
    public async Task NoRedisIsAOneLineErrorWithinTenSeconds()
    {
        var port = RedisServer.FreePort();
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            SweepClusterConnection.ConnectAsync(new ClusterTarget.Redis($"127.0.0.1:{port}"), cancel: TestContext.Current.CancellationToken));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(11));
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("--redis", e.Message);
    }

    [Fact]
    public async Task ARedisWithNoSilosIsAOneLineErrorWithinTenSeconds()
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() => SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(redis.ConnectionString, ClusterId: $"empty-{Guid.NewGuid():N}"), cancel: TestContext.Current.CancellationToken));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(11));
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task ABadGatewayPortIsNamed()
    {
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() =>
            SweepClusterConnection.ConnectAsync(new ClusterTarget.Gateway("127.0.0.1:http"), cancel: TestContext.Current.CancellationToken));
        Assert.Contains("\"http\" is not a port", e.Message);
    }
}
