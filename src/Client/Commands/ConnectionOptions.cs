using System.CommandLine;
using SweepCluster.Engine;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Client.Commands;

/// <summary>CONNECTION of CONTRACT §1: --local, --redis CONNSTRING or --gateway HOST:PORT, declared once.</summary>
internal sealed class ConnectionOptions
{
    public Option<bool> Local { get; } = new("--local") { Description = "start an embedded single silo in this process" };

    public Option<string?> Redis { get; } = new("--redis") { Description = "join the cluster whose membership lives in this Redis" };

    public Option<string?> Gateway { get; } = new("--gateway") { Description = "connect to a development silo (HOST:PORT)" };

    public IEnumerable<Option> All => [Local, Redis, Gateway];

    /// <summary>The target the user chose; with none, SWEEP_REDIS if set, else <paramref name="fallback"/>.</summary>
    public ClusterTarget Resolve(ParseResult parsed, ClusterTarget fallback)
    {
        var local = parsed.GetValue(Local);
        var redis = parsed.GetValue(Redis);
        var gateway = parsed.GetValue(Gateway);
        var chosen = (local ? 1 : 0) + (redis is null ? 0 : 1) + (gateway is null ? 0 : 1);
        if (chosen > 1) throw new InputException("CONNECTION: give at most one of --local, --redis and --gateway.");
        if (local) return new ClusterTarget.Local();
        if (redis is not null) return new ClusterTarget.Redis(redis);
        if (gateway is not null)
        {
            var colon = gateway.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(gateway[(colon + 1)..], out var port) || port is < 1 or > 65535)
                throw new InputException($"--gateway: \"{gateway}\" is not allowed; must be HOST:PORT, e.g. 127.0.0.1:30000.");
            return new ClusterTarget.Gateway(gateway);
        }
        return Environment.GetEnvironmentVariable("SWEEP_REDIS") is { Length: > 0 } fromEnvironment
            ? new ClusterTarget.Redis(fromEnvironment)
            : fallback;
    }
}
