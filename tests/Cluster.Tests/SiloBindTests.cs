using System.Globalization;
using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// `--bind 127.0.0.1`: the silo port, the gateway (which has no authentication) and the metrics port listen on that
/// address only, read from the kernel's socket table (/proc/net/tcp) rather than by reaching for another address.
/// </summary>
public sealed class SiloBindTests(RedisServer redis)
{
    [Fact]
    public async Task ABoundSiloListensOnItsAddressOnlyAndOneWithoutBindOnEveryAddress()
    {
        Assert.SkipUnless(File.Exists("/proc/net/tcp"), "needs Linux's /proc/net/tcp");
        var clusterId = Specs.NewId("bind");
        await using var bound = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1, null, "--bind", "127.0.0.1");
        await using var open = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await Task.WhenAll(bound.WaitHealthyAsync(TimeSpan.FromSeconds(180)), open.WaitHealthyAsync(TimeSpan.FromSeconds(180)));

        var listening = ListeningSockets();
        foreach (var port in new[] { bound.SiloPort, bound.GatewayPort, bound.MetricsPort })
            Assert.Equal(["127.0.0.1"], listening.Where(s => s.Port == port).Select(s => s.Address).Distinct());
        foreach (var port in new[] { open.SiloPort, open.GatewayPort, open.MetricsPort })
            Assert.Contains("0.0.0.0", listening.Where(s => s.Port == port).Select(s => s.Address).Concat(Ipv6Any(port)));
    }

    /// <summary>IPv4 sockets in state LISTEN (0A): "local_address" is hex little-endian address : hex port.</summary>
    private static List<(string Address, int Port)> ListeningSockets() =>
        File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A")
            .Select(f =>
            {
                var (address, port) = (f[1][..8], f[1][9..]);
                var bytes = Convert.FromHexString(address).Reverse();
                return (string.Join('.', bytes), int.Parse(port, NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            })
            .ToList();

    /// <summary>A socket on [::] with dual-stack also takes IPv4 on every address: counted as 0.0.0.0.</summary>
    private static IEnumerable<string> Ipv6Any(int port) =>
        File.Exists("/proc/net/tcp6")
            ? File.ReadLines("/proc/net/tcp6").Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .Where(f => f[3] == "0A" && f[1].StartsWith(new string('0', 32), StringComparison.Ordinal)
                    && int.Parse(f[1][33..], NumberStyles.HexNumber, CultureInfo.InvariantCulture) == port)
                .Select(_ => "0.0.0.0")
            : [];
}
