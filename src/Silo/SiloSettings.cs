using System.Globalization;
using System.Net;
using SweepCluster.Engine;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Silo;

/// <summary>What the silo was asked for: its <see cref="SweepSiloOptions"/> plus the port of its HTTP endpoint.</summary>
internal sealed record SiloSettings(SweepSiloOptions Options, int MetricsPort)
{
    public const int DefaultMetricsPort = 9464;

    /// <summary>Orleans' and ASP.NET Core's information logs too (<c>--verbose</c>); otherwise their warnings and errors only.</summary>
    public bool Verbose { get; init; }

    /// <summary>The <c>--trainers</c> file as given; null without one.</summary>
    public string? TrainersFile { get; init; }

    /// <summary>Each option checked and turned into its value, or its default when it was not given.</summary>
    /// <exception cref="SiloSettingsException">A value that is not allowed, named with its option and environment variable.</exception>
    public static SiloSettings From(SiloArguments a)
    {
        var gpus = Gpus(a.Gpus);
        var options = new SweepSiloOptions
        {
            Redis = Text(a.Redis),
            RedisTrustedIssuer = Text(a.RedisCa),
            SiloPort = Port(a.SiloPort, nameof(a.SiloPort), 11111),
            GatewayPort = Port(a.GatewayPort, nameof(a.GatewayPort), 30000),
            Slots = Int(a.Slots, nameof(a.Slots), gpus.Count > 0 ? gpus.Count : Environment.ProcessorCount, 1, 4096),
            Advertise = Address(a.Advertise, nameof(a.Advertise)),
            Bind = Address(a.Bind, nameof(a.Bind)),
            ClusterId = a.ClusterId ?? "sweep",
            ServiceId = a.ServiceId ?? "sweep",
            WatchdogPeriod = TimeSpan.FromSeconds(Int(a.WatchdogSeconds, nameof(a.WatchdogSeconds), 60, 1, 86400)),
            FastFailureDetection = Bool(a.FastFailureDetection, nameof(a.FastFailureDetection)),
            WarmUpTraining = Bool(a.WarmUp, nameof(a.WarmUp), fallback: true),
            DataRoot = DataRoot(a.DataRoot),
            DataCacheBytes = a.DataCacheMb is null ? null : Int(a.DataCacheMb, nameof(a.DataCacheMb), 0, 0, 16 * 1024 * 1024) * (1L << 20),
            Trainers = Trainers(Text(a.Trainers)),
            AllowCommands = Bool(a.AllowCommands, nameof(a.AllowCommands)),
            Gpus = gpus,
            CheckpointRoot = WritableDirectory(a.CheckpointRoot, nameof(a.CheckpointRoot)),
            ResultsRoot = WritableDirectory(a.ResultsRoot, nameof(a.ResultsRoot)),
        };
        if (options.Redis is { } connection)
        {
            try
            {
                RedisConnection.Options(connection, options.RedisTrustedIssuer);
            }
            catch (ArgumentException e)
            {
                throw new SiloSettingsException(e.Message
                    .Replace("--redis:", $"{SiloOption.Of(nameof(a.Redis))}:", StringComparison.Ordinal)
                    .Replace("--redis-ca:", $"{SiloOption.Of(nameof(a.RedisCa))}:", StringComparison.Ordinal));
            }
        }
        try
        {
            options.Tls = ClusterTls.From(Text(a.TlsCert), Text(a.TlsKey), Text(a.TlsCa), server: true);
        }
        catch (ArgumentException e)
        {
            throw new SiloSettingsException(e.Message);
        }
        return new SiloSettings(options, Port(a.MetricsPort, nameof(a.MetricsPort), DefaultMetricsPort))
        {
            Verbose = Bool(a.Verbose, nameof(a.Verbose)),
            TrainersFile = Text(a.Trainers),
        };
    }

    /// <summary>Where the metrics port listens: like the silo's ports, 127.0.0.1 for a development silo; null: every address.</summary>
    public IPAddress? MetricsBind => Options.ListenAddress;

    private static string? Text(string? value) => value is { Length: > 0 } ? value : null;

    private static int Port(string? text, string key, int fallback) => Int(text, key, fallback, 1, 65535);

    private static int Int(string? text, string key, int fallback, int min, int max)
    {
        if (text is null) return fallback;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        throw Mistake(key, text, $"is not allowed; must be a whole number from {min} to {max}");
    }

    // The silo's working directory unless given; either way an existing directory, resolved once here.
    private static string DataRoot(string? given)
    {
        var text = Text(given) ?? Directory.GetCurrentDirectory();
        try
        {
            return DataAccess.RealRoot(text);
        }
        catch (InputException)
        {
            throw Mistake(nameof(SiloArguments.DataRoot), text, "is not allowed; must be an existing directory");
        }
    }

    private static IPAddress? Address(string? text, string key)
    {
        if (text is null) return null;
        return IPAddress.TryParse(text, out var address) ? address : throw Mistake(key, text, "is not an IP address such as 10.0.0.5");
    }

    private static bool Bool(string? text, string key, bool fallback = false) => text?.ToLowerInvariant() switch
    {
        null => fallback,
        "0" or "false" => false,
        "" or "1" or "true" => true,
        _ => throw Mistake(key, text, "is not allowed; must be true or false"),
    };

    /// <summary>Comma-separated ids as CUDA_VISIBLE_DEVICES takes them: indexes (0) or UUIDs (GPU-8f3c...).</summary>
    private static IReadOnlyList<string> Gpus(string? text)
    {
        if (Text(text) is not { } list) return [];
        var ids = list.Split(',', StringSplitOptions.TrimEntries);
        return ids.All(id => id.Length > 0 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':'))
            ? ids
            : throw Mistake(nameof(SiloArguments.Gpus), list, "is not allowed; must be GPU ids separated by commas, e.g. 0,1,2,3");
    }

    private static IReadOnlyDictionary<string, TrainerSpec> Trainers(string? file)
    {
        if (file is null) return new Dictionary<string, TrainerSpec>();
        var option = SiloOption.Of(nameof(SiloArguments.Trainers));
        try
        {
            return DeclaredTrainers.ReadFile(file);
        }
        catch (SpecException e)
        {
            var more = e.Problems.Count > 1 ? $" (and {e.Problems.Count - 1} more in the file)" : "";
            throw new SiloSettingsException($"{option}: \"{file}\": {e.Problems[0]}{more}");
        }
        catch (InputException e)
        {
            throw new SiloSettingsException($"{option}: {e.Message}");
        }
    }

    /// <summary>The directory, created if missing and tried with a file written and deleted; its full path.</summary>
    private static string? WritableDirectory(string? text, string key)
    {
        if (Text(text) is not { } given) return null;
        try
        {
            var full = Path.GetFullPath(given);
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".sweep-write-test-{Guid.NewGuid():N}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw Mistake(key, given, $"is not allowed; must be a directory this silo can create and write to ({e.Message.ReplaceLineEndings(" ").TrimEnd('.')})");
        }
    }

    private static SiloSettingsException Mistake(string key, string text, string problem) =>
        new($"{SiloOption.Of(key)}: \"{text}\" {problem}.");
}

internal sealed class SiloSettingsException(string message) : Exception(message);
