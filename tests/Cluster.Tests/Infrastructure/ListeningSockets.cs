using System.Globalization;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// The TCP sockets in state LISTEN on this machine, read from the kernel's socket tables (/proc/net/tcp and tcp6), so a
/// test sees which address a port is bound to rather than reaching for another address.
/// </summary>
public static class ListeningSockets
{
    public static bool Readable => File.Exists("/proc/net/tcp");

    /// <summary>The addresses <paramref name="port"/> listens on: "127.0.0.1", "0.0.0.0" (a socket on [::] counts as that too).</summary>
    public static IReadOnlyList<string> AddressesOf(int port) =>
        [.. Ipv4().Where(s => s.Port == port).Select(s => s.Address).Concat(Ipv6Any(port)).Distinct()];

    /// <summary>IPv4 sockets in state LISTEN (0A): "local_address" is hex little-endian address : hex port.</summary>
    private static IEnumerable<(string Address, int Port)> Ipv4() =>
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
                .ToList()
            : [];
}
