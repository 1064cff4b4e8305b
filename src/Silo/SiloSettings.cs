using System.Globalization;
using System.Net;
using SweepCluster.Engine;
using SweepCluster.Engine.Data;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Silo;

/// <summary>What the silo was asked for: its <see cref="SweepSiloOptions"/> plus the port of its HTTP endpoint.</summary>
internal sealed record SiloSettings(SweepSiloOptions Options, int MetricsPort)
{
    public const int DefaultMetricsPort = 9464;

    /// <summary>Orleans' and ASP.NET Core's information logs too (<c>--verbose</c>); otherwise their warnings and errors only.</summary>
    public bool Verbose { get; init; }

    /// <summary>Each value from its option, else from its environment variable, else the default.</summary>
    /// <param name="value">The option's text given its name (e.g. "slots"); looked up on the command line, then as SWEEP_SLOTS.</param>
    public static SiloSettings From(Func<string, string?> value)
    {
        var options = new SweepSiloOptions
        {
            Redis = value("redis") is { Length: > 0 } redis ? redis : null,
            SiloPort = Port(value, "silo-port", 11111),
            GatewayPort = Port(value, "gateway-port", 30000),
            Slots = Int(value, "slots", Environment.ProcessorCount, 1, 4096),
            Advertise = Address(value, "advertise"),
            Bind = Address(value, "bind"),
            ClusterId = value("cluster-id") ?? "sweep",
            ServiceId = value("service-id") ?? "sweep",
            WatchdogPeriod = TimeSpan.FromSeconds(Int(value, "watchdog-seconds", 60, 1, 86400)),
            FastFailureDetection = Bool(value, "fast-failure-detection"),
            WarmUpTraining = Bool(value, "warm-up", fallback: true),
            DataRoot = DataRoot(value),
            DataCacheBytes = value("data-cache-mb") is null ? null : Int(value, "data-cache-mb", 0, 0, 16 * 1024 * 1024) * (1L << 20),
        };
        options.RedisTrustedIssuer = value("redis-ca") is { Length: > 0 } ca ? ca : null;
        if (options.Redis is { } connection)
        {
            try
            {
                RedisConnection.Options(connection, options.RedisTrustedIssuer);
            }
            catch (ArgumentException e)
            {
                throw new SiloSettingsException(e.Message.Replace("--redis:", "--redis (SWEEP_REDIS):", StringComparison.Ordinal)
                    .Replace("--redis-ca:", "--redis-ca (SWEEP_REDIS_CA):", StringComparison.Ordinal));
            }
        }
        try
        {
            options.Tls = ClusterTls.From(File(value, "tls-cert"), File(value, "tls-key"), File(value, "tls-ca"), server: true);
        }
        catch (ArgumentException e)
        {
            throw new SiloSettingsException(e.Message);
        }
        return new SiloSettings(options, Port(value, "metrics-port", DefaultMetricsPort))
        {
            Verbose = Bool(value, "verbose"),
        };
    }

    /// <summary>Where the metrics port listens: like the silo's ports, 127.0.0.1 for a development silo; null: every address.</summary>
    public IPAddress? MetricsBind => Options.ListenAddress;

    private static string? File(Func<string, string?> value, string name) => value(name) is { Length: > 0 } path ? path : null;

    /// <summary>"slots" → "SWEEP_SLOTS".</summary>
    public static string EnvironmentName(string option) => "SWEEP_" + option.Replace('-', '_').ToUpperInvariant();

    private static int Port(Func<string, string?> value, string name, int fallback) => Int(value, name, fallback, 1, 65535);

    private static int Int(Func<string, string?> value, string name, int fallback, int min, int max)
    {
        if (value(name) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw new SiloSettingsException($"--{name} ({EnvironmentName(name)}): \"{text}\" is not allowed; must be a whole number from {min} to {max}.");
    }

    // The silo's working directory unless given; either way an existing directory, resolved once here.
    private static string DataRoot(Func<string, string?> value)
    {
        var text = value("data-root") is { Length: > 0 } given ? given : Directory.GetCurrentDirectory();
        try
        {
            return DataAccess.RealRoot(text);
        }
        catch (InputException)
        {
            throw new SiloSettingsException($"--data-root ({EnvironmentName("data-root")}): \"{text}\" is not allowed; must be an existing directory.");
        }
    }

    private static IPAddress? Address(Func<string, string?> value, string name)
    {
        if (value(name) is not { } text) return null;
        return IPAddress.TryParse(text, out var address) ? address
            : throw new SiloSettingsException($"--{name} ({EnvironmentName(name)}): \"{text}\" is not an IP address such as 10.0.0.5.");
    }

    private static bool Bool(Func<string, string?> value, string name, bool fallback = false) => value(name) switch
    {
        null => fallback,
        "0" or "false" => false,
        "" or "1" or "true" => true,
        var text => throw new SiloSettingsException($"--{name} ({EnvironmentName(name)}): \"{text}\" is not allowed; must be true or false."),
    };
}

internal sealed class SiloSettingsException(string message) : Exception(message);
