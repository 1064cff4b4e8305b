using System.CommandLine;
using SweepCluster.Engine;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Client.Commands;

/// <summary>
/// CONNECTION of docs/cli.md: --local, --redis CONNSTRING or --gateway HOST:PORT, declared once. With none given,
/// SWEEP_REDIS if set, else the verb's default: an embedded silo for `run`; for the verbs about a sweep that outlives
/// the command, the development silo's gateway, 127.0.0.1:30000.
/// </summary>
internal sealed class ConnectionOptions
{
    private const string DefaultGateway = "127.0.0.1:30000";

    // A day: longer is surely a typo, and a timer's limit is not far beyond.
    private const int MaxWaitSeconds = 86_400;

    private readonly string _verb;
    private readonly bool _standing;

    private ConnectionOptions(string verb, bool standing)
    {
        _verb = verb;
        _standing = standing;
        // An embedded silo ends with the command and keeps its state in memory: no use to these verbs.
        Local.Hidden = standing;
        if (standing) Gateway.Description += $" (default: {DefaultGateway} unless SWEEP_REDIS is set)";
    }

    /// <summary>For `run`: with no option, SWEEP_REDIS else an embedded silo.</summary>
    public static ConnectionOptions Embedded(string verb) => new(verb, standing: false);

    /// <summary>For the verbs about a sweep that outlives the command: SWEEP_REDIS else --gateway 127.0.0.1:30000.</summary>
    public static ConnectionOptions Standing(string verb) => new(verb, standing: true);

    public Option<bool> Local { get; } = new("--local") { Description = "start an embedded single silo in this process" };

    public Option<string?> Redis { get; } = new("--redis") { Description = "join the cluster whose membership lives in this Redis (default: SWEEP_REDIS)" };

    public Option<string?> Gateway { get; } = new("--gateway") { Description = "connect to a development silo (HOST:PORT)" };

    public Option<string?> TlsCert { get; } = new("--tls-cert") { Description = "mutual TLS with the cluster: this client's certificate (PEM), with --tls-key and --tls-ca (default: SWEEP_TLS_CERT)" };

    public Option<string?> TlsKey { get; } = new("--tls-key") { Description = "the private key (PEM) of --tls-cert (default: SWEEP_TLS_KEY)" };

    public Option<string?> TlsCa { get; } = new("--tls-ca") { Description = "the cluster's CA certificate (PEM): the silos must show a certificate it issued (default: SWEEP_TLS_CA)" };

    public Option<string?> WaitSeconds { get; } = new("--wait-seconds")
    {
        Description = $"how long to wait out a cluster's passing faults (a silo that died, a gateway gone, Redis restarting) before giving up (default {ClusterAttempts.DefaultWait.TotalSeconds:0})",
    };

    public IEnumerable<Option> All => [Local, Redis, Gateway, TlsCert, TlsKey, TlsCa, WaitSeconds];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    /// <summary>The target the user chose, else SWEEP_REDIS, else this verb's default; with mutual TLS if asked for.</summary>
    public ClusterTarget Resolve(ParseResult parsed)
    {
        var target = ResolveTarget(parsed);
        return target is ClusterTarget.Local ? target : target with { Tls = ResolveTls(parsed) };
    }

    /// <summary>--tls-cert, --tls-key and --tls-ca, each else its SWEEP_TLS_* variable; all three or none (exit 2).</summary>
    private ClusterTls? ResolveTls(ParseResult parsed)
    {
        static string? Given(string? option, string variable) =>
            option is { Length: > 0 } ? option : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value ? value : null;
        try
        {
            return ClusterTls.From(Given(parsed.GetValue(TlsCert), "SWEEP_TLS_CERT"), Given(parsed.GetValue(TlsKey), "SWEEP_TLS_KEY"),
                Given(parsed.GetValue(TlsCa), "SWEEP_TLS_CA"), server: false);
        }
        catch (ArgumentException e)
        {
            throw new InputException(e.Message);
        }
    }

    private ClusterTarget ResolveTarget(ParseResult parsed)
    {
        var local = parsed.GetValue(Local);
        var redis = parsed.GetValue(Redis);
        var gateway = parsed.GetValue(Gateway);
        var chosen = (local ? 1 : 0) + (redis is null ? 0 : 1) + (gateway is null ? 0 : 1);
        if (chosen > 1) throw new InputException("CONNECTION: give at most one of --local, --redis and --gateway.");
        if (local && _standing)
            throw new InputException($"--local is not allowed for `sweep {_verb}`: an embedded silo lives only as long as this command, so it holds no sweep "
                + "before it and keeps none after it. Start a silo (`dotnet run --project src/Silo`) and pass --gateway HOST:PORT or --redis CONNSTRING.");
        if (local) return new ClusterTarget.Local();
        if (redis is not null) return RedisTarget(redis);
        if (gateway is not null)
        {
            var colon = gateway.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(gateway[(colon + 1)..], out var port) || port is < 1 or > 65535)
                throw new InputException($"--gateway: \"{gateway}\" is not allowed; must be HOST:PORT, e.g. {DefaultGateway}.");
            return new ClusterTarget.Gateway(gateway);
        }
        if (RedisFromEnvironment is { } fromEnvironment) return RedisTarget(fromEnvironment);
        return _standing ? new ClusterTarget.Gateway(DefaultGateway) : new ClusterTarget.Local();
    }

    /// <summary>A results file is worked on in this process: a cluster option beside it is a mistake (exit 2).</summary>
    /// <param name="what">What happens to the file, e.g. "is run in this process".</param>
    public void RefuseWithFile(ParseResult parsed, string path, string what)
    {
        if (parsed.GetValue(Redis) is not null || parsed.GetValue(Gateway) is not null)
            throw new InputException($"ID: \"{path}\" is a results file, which {what}; --redis and --gateway are allowed only with a sweep id.");
    }

    /// <summary>
    /// Runs <paramref name="work"/> on a connection to the target the user chose, again on a new connection after a
    /// transient fault for up to --wait-seconds (<see cref="ClusterAttempts"/>); nothing answering there is one line of
    /// advice (exit 1).
    /// </summary>
    /// <param name="fromStore">What the verb shows from the sweep's stored state when its coordinator does not answer.</param>
    /// <param name="notes">Where a fault being waited out is said (standard error).</param>
    public async Task<int> RunAsync(
        ParseResult parsed, TextWriter notes, Func<SweepSession, Task<int>> work, CancellationToken cancel, Func<StoredSweepReader, Task<int?>>? fromStore = null)
    {
        var wait = Wait(parsed);
        var target = Resolve(parsed);
        await using var attempts = new ClusterAttempts(target, wait, notes, e => Unavailable(e, target, parsed));
        try
        {
            return await attempts.RunAsync(work, fromStore, cancel);
        }
        catch (ClusterUnavailableException e)
        {
            throw new VerbFailure(Unavailable(e, target, parsed));
        }
    }

    /// <summary>--wait-seconds, checked before anything is connected to (exit 2).</summary>
    public TimeSpan Wait(ParseResult parsed)
    {
        if (parsed.GetValue(WaitSeconds) is not { } text) return ClusterAttempts.DefaultWait;
        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > MaxWaitSeconds)
            throw new InputException($"--wait-seconds: \"{text}\" is not allowed; must be a number of seconds from 0 to {MaxWaitSeconds}, such as 60 (0: give up at the first fault).");
        return TimeSpan.FromSeconds(seconds);
    }

    private string Unavailable(ClusterUnavailableException e, ClusterTarget target, ParseResult parsed) =>
        _standing && e.Hint is not null ? $"{e.Problem}. {StandingHint(target, parsed)}" : e.Message;

    /// <summary>Advice for a cluster that should already be running: --local would start an empty one.</summary>
    private string StandingHint(ClusterTarget target, ParseResult parsed) => target switch
    {
        ClusterTarget.Redis r when parsed.GetValue(Redis) is null =>
            $"Start one with `dotnet run --project src/Silo -- --redis {RedisConnection.Redact(r.ConnectionString)}`, or pass --gateway HOST:PORT (this Redis is SWEEP_REDIS's).",
        ClusterTarget.Redis r =>
            $"Start one with `dotnet run --project src/Silo -- --redis {RedisConnection.Redact(r.ConnectionString)}`, or pass --gateway HOST:PORT.",
        _ => "Start one with `dotnet run --project src/Silo`, or pass --gateway HOST:PORT or --redis CONNSTRING (or set SWEEP_REDIS).",
    };

    /// <summary>A Redis target, its connection string and SWEEP_REDIS_CA checked here (exit 2) rather than when connecting.</summary>
    private static ClusterTarget.Redis RedisTarget(string connectionString)
    {
        var trustedIssuer = Environment.GetEnvironmentVariable("SWEEP_REDIS_CA") is { Length: > 0 } ca ? ca : null;
        try
        {
            RedisConnection.Options(connectionString, trustedIssuer);
        }
        catch (ArgumentException e)
        {
            throw new InputException(e.Message.Replace("--redis-ca:", "SWEEP_REDIS_CA:", StringComparison.Ordinal));
        }
        return new ClusterTarget.Redis(connectionString, TrustedIssuer: trustedIssuer);
    }

    private static string? RedisFromEnvironment => Environment.GetEnvironmentVariable("SWEEP_REDIS") is { Length: > 0 } redis ? redis : null;
}
