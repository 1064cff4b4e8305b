using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using StackExchange.Redis;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;

namespace SweepCluster.Grains.Connection;

/// <summary>
/// An <see cref="IClusterClient"/> for a <see cref="ClusterTarget"/>: a client of a Redis cluster or of a gateway, or
/// the co-hosted client of a silo embedded in this process. Connecting either succeeds or throws
/// <see cref="ClusterUnavailableException"/> within the timeout (10 s by default, 60 s for an embedded silo); it does not hang.
/// </summary>
public sealed class SweepClusterConnection : IAsyncDisposable
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// An embedded silo's start: nothing remote to wait for, only this machine's CPU, which a loaded machine may take a
    /// while to give; failing early would gain nothing.
    /// </summary>
    public static readonly TimeSpan LocalTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How often a client reads the gateway list again.</summary>
    public static readonly TimeSpan GatewayListRefresh = TimeSpan.FromSeconds(5);

    private static readonly string[] Refused = ["ConnectionRefused", "Connection refused", "HostUnreachable", "NetworkUnreachable"];

    // How long the grain that proves a connection may take to answer before the connection is taken as it is.
    private static readonly TimeSpan ProofTimeout = TimeSpan.FromSeconds(5);

    private readonly IHost _host;

    private SweepClusterConnection(IHost host, ClusterTarget target)
    {
        _host = host;
        Target = target;
        Client = host.Services.GetRequiredService<IClusterClient>();
    }

    public ClusterTarget Target { get; }

    public IClusterClient Client { get; }

    /// <param name="logging">Where Orleans logs go; by default nowhere: a failure is the exception's one line.</param>
    /// <param name="responseTimeout">
    /// How long a grain call may go unanswered before it fails with a timeout (Orleans' default: 30 s). A caller that
    /// retries on another connection sets it below the time it is willing to wait, so that a call to a paused silo is
    /// given up and tried again rather than waited out.
    /// </param>
    public static async Task<SweepClusterConnection> ConnectAsync(
        ClusterTarget target, TimeSpan? timeout = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancel = default,
        TimeSpan? responseTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        var limit = timeout ?? (target is ClusterTarget.Local ? LocalTimeout : DefaultTimeout);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        var retries = new ConnectRetries();
        // What each failed attempt logged: a TLS refusal shows in the first ones, not always in the last.
        var failures = new ConnectionFailures();
        builder.Logging.AddProvider(failures);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(limit);
        IHost? host = null;
        var absent = false;
        try
        {
            switch (target)
            {
                case ClusterTarget.Local local:
                    builder.UseOrleans(silo => silo.AddSweepGrains(local.Options ?? LocalOptions()));
                    break;
                case ClusterTarget.Redis redis:
                    var redisOptions = RedisConnection.Options(redis.ConnectionString, redis.TrustedIssuer);
                    absent = true;
                    await RedisProbe.PingAsync(redisOptions, limit / 2);
                    absent = false;
                    builder.UseOrleansClient(c => ConfigureClient(c, redis.ClusterId, redis.ServiceId, retries, responseTimeout)
                        .UseRedisClustering(o => o.ConfigurationOptions = redisOptions));
                    break;
                case ClusterTarget.Gateway gateway:
                    absent = true;
                    var endpoint = await ResolveAsync(gateway.HostPort, deadline.Token);
                    await ProbeGatewayAsync(endpoint, deadline.Token);
                    absent = false;
                    builder.UseOrleansClient(c => ConfigureClient(c, gateway.ClusterId, gateway.ServiceId, retries, responseTimeout)
                        .UseStaticClustering(endpoint));
                    break;
                default:
                    throw new ArgumentException($"unknown cluster target {target}", nameof(target));
            }
            if (target is not ClusterTarget.Local && target.Tls is { } tls) builder.UseOrleansClient(c => c.UseTls(tls.Certificate, tls.Configure));
            host = builder.Build();
            await host.StartAsync(deadline.Token).WaitAsync(deadline.Token);
            var connection = new SweepClusterConnection(host, target);
            await connection.ProveAsync(deadline.Token);
            return connection;
        }
        catch (ClusterUnavailableException e) when (!e.Absent && absent)
        {
            if (host is not null) _ = StopQuietlyAsync(host);
            throw new ClusterUnavailableException(e.Problem, e.Hint!, e.InnerException) { Absent = true };
        }
        catch (Exception e) when (e is not ClusterUnavailableException && !cancel.IsCancellationRequested)
        {
            var cause = retries.Last ?? e;
            if (TlsRefusal.Explain(target, [.. failures.Seen, cause]) is { } refused)
            {
                // Waited out like any fault: a silo that just died closes its connections the same way a refusal does.
                if (host is not null) _ = StopQuietlyAsync(host);
                throw new ClusterUnavailableException(refused, cause);
            }
            absent = absent || (host is not null && await NothingListedAsync(target, host, cause));
            if (host is not null) _ = StopQuietlyAsync(host);
            var reason = deadline.IsCancellationRequested && retries.Last is null ? $"no answer within {limit.TotalSeconds:0.#} s" : OneLine(cause);
            throw target is ClusterTarget.Local
                ? new ClusterUnavailableException($"The embedded silo did not start ({reason}).", cause)
                : new ClusterUnavailableException(Problem(target, reason), Hint(target), cause) { Absent = absent };
        }
    }

    /// <summary>The options every client shares, whatever its membership; its clustering is added by the caller.</summary>
    private static IClientBuilder ConfigureClient(
        IClientBuilder client, string clusterId, string serviceId, ConnectRetries retries, TimeSpan? responseTimeout)
    {
        client.Configure<ClusterOptions>(o => { o.ClusterId = clusterId; o.ServiceId = serviceId; })
            .UseConnectionRetryFilter(retries.ShouldRetryAsync)
            .AddActivityPropagation();
        // A silo that died leaves the gateway list once declared dead: look again often, not once a minute.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefresh);
        if (responseTimeout is { } response) client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = response);
        return client;
    }

    /// <summary>
    /// A started client has only found gateways; this asks a Sweep grain behind them. A cluster in passing trouble (the
    /// grain lives on a silo that died and is not yet declared dead) still counts as there: the caller's own calls say
    /// whether it answers.
    /// </summary>
    private async Task ProveAsync(CancellationToken cancel)
    {
        try
        {
            await GetSilosAsync().WaitAsync(ProofTimeout, cancel);
        }
        catch (Exception e) when (Target is not ClusterTarget.Local && ClusterFaults.IsTransient(e) && !cancel.IsCancellationRequested)
        {
            // Connected through a gateway: the cluster is there.
        }
    }

    /// <summary>True when the failure shows that nothing of the cluster is there: no silo in Redis, nothing listening at the gateway.</summary>
    private static async Task<bool> NothingListedAsync(ClusterTarget target, IHost host, Exception cause)
    {
        if (target is ClusterTarget.Gateway)
        {
            // Orleans wraps the socket's error in its own exception, naming it ("... Error: ConnectionRefused").
            for (var e = cause; e is not null; e = e.InnerException)
                if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable }
                    || Refused.Any(r => e.Message.Contains(r, StringComparison.OrdinalIgnoreCase))) return true;
            return false;
        }
        if (target is not ClusterTarget.Redis) return false;
        try
        {
            var gateways = host.Services.GetRequiredService<Orleans.Messaging.IGatewayListProvider>();
            return (await gateways.GetGateways().WaitAsync(TimeSpan.FromSeconds(2))).Count == 0;
        }
        catch (Exception)
        {
            // The list could not be read: the cluster may be there, in trouble.
            return false;
        }
    }

    /// <summary>The silos of the cluster and their training load.</summary>
    public Task<IReadOnlyList<SiloLoad>> GetSilosAsync() => Client.GetGrain<IClusterLoadGrain>(0).GetSilos();

    public async ValueTask DisposeAsync()
    {
        await StopQuietlyAsync(_host);
    }

    /// <summary>Options for an embedded silo: free loopback ports, so that it never meets a development silo's.</summary>
    public static SweepSiloOptions LocalOptions() => new()
    {
        SiloPort = FreePort(), GatewayPort = FreePort(), AllowCommands = true,
        // Histories go to a results store of this process's own, gone with it.
        ResultsRoot = Path.Combine(Path.GetTempPath(), "sweepcluster-results", $"local-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}"),
        ResultsRootIsTemporary = true,
    };

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task StopQuietlyAsync(IHost host)
    {
        using var stop = new CancellationTokenSource(DefaultTimeout);
        try
        {
            await host.StopAsync(stop.Token);
        }
        catch (Exception)
        {
            // Stopping a client whose cluster is gone can only fail in ways nobody can act on.
        }
        host.Dispose();
    }

    /// <summary>Nothing listening at the gateway is said at once; a gateway that is slow to accept is left to the client.</summary>
    private static async Task ProbeGatewayAsync(IPEndPoint endpoint, CancellationToken cancel)
    {
        using var probe = new TcpClient(endpoint.AddressFamily);
        try
        {
            await probe.ConnectAsync(endpoint, cancel);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostUnreachable or SocketError.NetworkUnreachable)
        {
            throw;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancel.IsCancellationRequested)
        {
            // Not refused: whatever it is, the client's own attempts say it better.
        }
    }

    private static async Task<IPEndPoint> ResolveAsync(string hostPort, CancellationToken cancel)
    {
        var colon = hostPort.LastIndexOf(':');
        var (host, portText) = colon < 0 ? (hostPort, null) : (hostPort[..colon], hostPort[(colon + 1)..]);
        var port = ClusterTarget.DefaultGatewayPort;
        if (portText is not null && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new ClusterUnavailableException($"--gateway {hostPort}: \"{portText}\" is not a port; expected HOST:PORT, e.g. 127.0.0.1:{ClusterTarget.DefaultGatewayPort}.");
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address)) return new IPEndPoint(address, port);
        var addresses = await Dns.GetHostAddressesAsync(host, cancel);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ClusterUnavailableException($"--gateway {hostPort}: the host name \"{host}\" has no address.");
        return new IPEndPoint(chosen, port);
    }

    private static string Problem(ClusterTarget target, string reason) => target switch
    {
        ClusterTarget.Redis r => $"No Sweep silo answers through Redis {RedisConnection.Redact(r.ConnectionString)} ({reason})",
        ClusterTarget.Gateway g => $"No Sweep silo answers at {g.HostPort} ({reason})",
        _ => throw new ArgumentException($"unknown cluster target {target}", nameof(target)),
    };

    private static string Hint(ClusterTarget target) => target is ClusterTarget.Redis r
        ? $"Start one with `dotnet run --project src/Silo -- --redis {RedisConnection.Redact(r.ConnectionString)}`, or pass --local."
        : "Start one with `dotnet run --project src/Silo`, or pass --redis CONNSTRING or --local.";

    /// <summary>A silo that is just starting gets a few tries; nothing there at all is said after about two seconds.</summary>
    private sealed class ConnectRetries
    {
        private const int Attempts = 3;
        private int _failures;

        public Exception? Last { get; private set; }

        public async Task<bool> ShouldRetryAsync(Exception failure, CancellationToken cancel)
        {
            Last = failure;
            if (++_failures >= Attempts) return false;
            await Task.Delay(TimeSpan.FromSeconds(1), cancel).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return !cancel.IsCancellationRequested;
        }
    }

    private static string OneLine(Exception e)
    {
        while (e.InnerException is { } inner && e is AggregateException or OrleansException) e = inner;
        if (e is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure } || e.Message.Contains("AuthenticationFailure", StringComparison.Ordinal))
            return "Redis refused this client: a wrong password or user, or a TLS certificate this machine does not trust (set SWEEP_REDIS_CA to the file of its CA's certificate)";
        if (e is RedisConnectionException) return "Redis does not answer: " + e.Message.Split('.')[0];
        for (var cause = e; cause is not null; cause = cause.InnerException)
            if (cause is SocketException socket) return socket.Message;
        // The client's own retry note ("..., will retry after 1.45ms") reads as a promise once it has given up.
        var message = e.Message.ReplaceLineEndings(" ").Trim();
        var retryNote = message.IndexOf(", will retry after", StringComparison.Ordinal);
        if (retryNote > 0) message = message[..retryNote];
        return message.Length > 200 ? message[..200] + "…" : message;
    }
}
