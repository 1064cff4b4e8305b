using System.Net;
using System.Net.Sockets;

namespace SweepCluster.Cluster.Bench;

internal static class FreePort
{
    /// <summary>A loopback port nobody listens on now (the OS's pick; another process could still take it first).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
