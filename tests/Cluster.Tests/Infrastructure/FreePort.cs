using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Loopback ports for the processes a test starts, taken below the kernel's ephemeral range. A port the OS picks
/// (bind to 0) comes from that range, which every outgoing connection also draws its local port from: between the pick
/// and the silo's own bind, a client's connection to Redis could take it ("address already in use", seen in CI).
/// </summary>
internal static class FreePort
{
    private const int Lowest = 10_000;
    private static readonly int Highest = EphemeralLow() - 1;
    private static int _next = Lowest + Random.Shared.Next(Math.Max(1, Highest - Lowest));

    /// <summary>A port nobody listens on now, outside the ephemeral range; each call gives another.</summary>
    public static int Next()
    {
        for (var tries = 0; tries < 1000; tries++)
        {
            var port = Lowest + (int)((uint)(Interlocked.Increment(ref _next) - Lowest) % (uint)(Highest - Lowest + 1));
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: the next one.
            }
        }
        throw new InvalidOperationException($"no free loopback port between {Lowest} and {Highest}.");
    }

    private static int EphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return Math.Max(Lowest + 1000, int.Parse(range[0], CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return 32_768;   // Linux's default
        }
    }
}
