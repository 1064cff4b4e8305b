using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Where the silo port, the gateway and the metrics port listen, read from the kernel's socket table (/proc/net/tcp):
/// `--bind 127.0.0.1` binds that address only; a silo with Redis and no --bind binds every address; a development silo
/// (no Redis) and the embedded silo of `--local` bind 127.0.0.1 only.
/// </summary>
public sealed class SiloBindTests(RedisServer redis)
{
    [Fact]
    public async Task ABoundSiloListensOnItsAddressOnlyAndOneWithoutBindOnEveryAddress()
    {
        Assert.SkipUnless(ListeningSockets.Readable, "needs Linux's /proc/net/tcp");
        var clusterId = Specs.NewId("bind");
        await using var bound = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1, null, "--bind", "127.0.0.1");
        await using var open = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await Task.WhenAll(bound.WaitHealthyAsync(TimeSpan.FromSeconds(180)), open.WaitHealthyAsync(TimeSpan.FromSeconds(180)));

        foreach (var port in new[] { bound.SiloPort, bound.GatewayPort, bound.MetricsPort })
            Assert.Equal(["127.0.0.1"], ListeningSockets.AddressesOf(port));
        foreach (var port in new[] { open.SiloPort, open.GatewayPort, open.MetricsPort })
            Assert.Contains("0.0.0.0", ListeningSockets.AddressesOf(port));
    }

    [Fact]
    public async Task ADevelopmentSiloListensOnLoopbackOnlyMetricsPortIncluded()
    {
        Assert.SkipUnless(ListeningSockets.Readable, "needs Linux's /proc/net/tcp");
        await using var silo = SiloProcess.Start(redis: null, "sweep", slots: 1, null, "--warm-up", "false");
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(180));

        foreach (var port in new[] { silo.SiloPort, silo.GatewayPort, silo.MetricsPort })
            Assert.Equal(["127.0.0.1"], ListeningSockets.AddressesOf(port));
    }

    [Fact]
    public async Task TheEmbeddedSiloOfLocalListensOnLoopbackOnly()
    {
        Assert.SkipUnless(ListeningSockets.Readable, "needs Linux's /proc/net/tcp");
        var options = SweepClusterConnection.LocalOptions();
        options.WarmUpTraining = false;
        await using var connection = await SweepClusterConnection.ConnectAsync(new ClusterTarget.Local(options), cancel: TestContext.Current.CancellationToken);

        foreach (var port in new[] { options.SiloPort, options.GatewayPort })
            Assert.Equal(["127.0.0.1"], ListeningSockets.AddressesOf(port));
    }
}
