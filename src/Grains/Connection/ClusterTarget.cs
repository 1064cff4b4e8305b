using SweepCluster.Grains.Hosting;

namespace SweepCluster.Grains.Connection;

/// <summary>Which cluster a client talks to (docs/cli.md CONNECTION).</summary>
public abstract record ClusterTarget
{
    /// <summary>The default gateway of a development silo (<c>--gateway</c> without a port).</summary>
    public const int DefaultGatewayPort = 30000;

    /// <summary>Mutual TLS with the cluster's silos (<c>--tls-*</c>, <c>SWEEP_TLS_*</c>); null: none. An embedded silo ignores it.</summary>
    public ClusterTls? Tls { get; init; }

    /// <summary><c>--local</c>: a single silo inside this process, in-memory storage, on free loopback ports.</summary>
    /// <param name="Options">The embedded silo's options; null: defaults with free ports and this machine's cores as slots.</param>
    public sealed record Local(SweepSiloOptions? Options = null) : ClusterTarget
    {
        public override string ToString() => "--local";
    }

    /// <summary><c>--redis CONNSTRING</c>: join, as a client, the cluster whose membership lives in that Redis.</summary>
    /// <param name="TrustedIssuer">A CA certificate file trusted for the Redis TLS certificate (<c>SWEEP_REDIS_CA</c>).</param>
    public sealed record Redis(string ConnectionString, string ClusterId = "sweep", string ServiceId = "sweep", string? TrustedIssuer = null) : ClusterTarget
    {
        public override string ToString() => $"--redis {RedisConnection.Redact(ConnectionString)}";
    }

    /// <summary><c>--gateway HOST:PORT</c>: a development silo started without Redis.</summary>
    public sealed record Gateway(string HostPort, string ClusterId = "sweep", string ServiceId = "sweep") : ClusterTarget
    {
        public override string ToString() => $"--gateway {HostPort}";
    }
}
