using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using StackExchange.Redis;

namespace SweepCluster.Grains.Connection;

/// <summary>
/// Whether some silo of a Redis cluster is still there while grain calls fail: a gateway of a row that says Active
/// accepts a connection. After a silo dies, calls to grains it held (or whose directory entries it held) fail until the
/// cluster declares it dead, which with Orleans' default failure detection can take more than a minute on a loaded
/// machine; a command that follows a sweep waits that out as long as the cluster is there, and gives up once no
/// silo is left.
/// </summary>
public static class ClusterPulse
{
    private const int ActiveStatus = 3;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <summary>True when a gateway listed as Active in the membership table accepts a TCP connection.</summary>
    public static async Task<bool> AnyGatewayListensAsync(IDatabase redis, ClusterTarget.Redis target, CancellationToken cancel)
    {
        var rows = await redis.HashGetAllAsync($"{target.ServiceId}/members/{target.ClusterId}");
        foreach (var endpoint in rows.Select(row => GatewayOf(row.Value.ToString())).OfType<IPEndPoint>())
        {
            using var client = new TcpClient(endpoint.AddressFamily);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            timeout.CancelAfter(ConnectTimeout);
            try
            {
                await client.ConnectAsync(endpoint, timeout.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
            {
                // Not this one: a killed silo's row says Active until the cluster declares it dead.
            }
        }
        return false;
    }

    /// <summary>The gateway of an Active row ("SiloAddress": {"SiloAddress": "IP:PORT@GENERATION"}, "ProxyPort"); null otherwise.</summary>
    internal static IPEndPoint? GatewayOf(string row)
    {
        try
        {
            using var json = JsonDocument.Parse(row);
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("Status", out var status) || status.ValueKind != JsonValueKind.Number || status.GetInt32() != ActiveStatus
                || !root.TryGetProperty("ProxyPort", out var proxy) || !proxy.TryGetInt32(out var port) || port is < 1 or > 65535
                || !root.TryGetProperty("SiloAddress", out var silo) || !silo.TryGetProperty("SiloAddress", out var text))
                return null;
            var address = text.GetString() ?? "";
            var colon = address.LastIndexOf(':');
            return colon > 0 && IPAddress.TryParse(address[..colon], out var ip) ? new IPEndPoint(ip, port) : null;
        }
        catch (JsonException)
        {
            // The "Version" field, or a row of a format this client does not know.
            return null;
        }
    }
}
