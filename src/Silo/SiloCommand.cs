using System.CommandLine;

namespace SweepCluster.Silo;

/// <summary>
/// <c>dotnet run --project src/Silo -- [--redis CONNSTRING] [--silo-port 11111] [--gateway-port 30000]
/// [--metrics-port 9464] [--slots N] [--advertise IP] [--tls-cert FILE --tls-key FILE --tls-ca FILE]</c> (docs/cli.md); every
/// option also as SWEEP_ + its upper-snake name. A mistake in the options is one line and exit code 2; a silo that cannot
/// start is one line and exit code 1.
/// </summary>
internal static class SiloCommand
{
    public const int Failure = 1;
    public const int BadInput = 2;

    private static readonly (string Name, string Description, bool Flag, bool Hidden)[] Options =
    [
        ("redis", "StackExchange.Redis connection string: membership, state and reminders in Redis (default: one development silo, in memory)", false, false),
        ("redis-ca", "a CA certificate file (PEM or DER) trusted for the Redis server's TLS certificate (the machine's store)", false, false),
        ("silo-port", "silo-to-silo port (11111)", false, false),
        ("gateway-port", "client gateway port (30000)", false, false),
        ("metrics-port", "HTTP port of /metrics (Prometheus) and /healthz (9464)", false, false),
        ("slots", "training runs this silo trains at once (its processor count)", false, false),
        ("advertise", "the IP address other silos and clients reach this silo at (the first non-loopback one)", false, false),
        ("bind", "listen on this address only: silo port, gateway and metrics port (every address with --redis, 127.0.0.1 without)", false, false),
        ("tls-cert", "mutual TLS on the silo port and the gateway: this silo's certificate (PEM), with --tls-key and --tls-ca", false, false),
        ("tls-key", "the private key (PEM) of --tls-cert", false, false),
        ("tls-ca", "the CA certificate (PEM) that issued every silo's and client's certificate; no other is accepted", false, false),
        ("warm-up", "compile the training code while the silo starts, so no trial pays the JIT (true)", true, false),
        ("verbose", "log Orleans' and ASP.NET Core's information too (false: their warnings and errors only)", true, false),
        ("data-root", "idx and csv paths of submitted specs must lie under this directory (the working directory)", false, false),
        ("data-cache-mb", "megabytes of loaded data sets kept for reuse, least recently used let go first (a quarter of memory)", false, false),
        ("cluster-id", "Orleans cluster id (sweep)", false, true),
        ("service-id", "Orleans service id (sweep)", false, true),
        // For tests and demos: how soon a dead silo's trials restart elsewhere.
        ("watchdog-seconds", "trial watchdog reminder period in seconds (60)", false, true),
        ("fast-failure-detection", "declare a dead silo dead within seconds (tests, single-host demos)", true, true),
    ];

    /// <summary>The silo with its ready line on the console.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stderr) => RunAsync(args, Console.Out, stderr);

    /// <param name="stdout">Where the silo says it is ready.</param>
    /// <param name="stderr">Where a mistake in the options, or a failure to start, is said in one line.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("A SweepCluster silo: trains trials for the cluster.");
        var options = new Dictionary<string, Option<string?>>();
        foreach (var (name, description, flag, hidden) in Options)
        {
            var option = new Option<string?>("--" + name) { Description = description, Hidden = hidden };
            if (flag) option.Arity = ArgumentArity.ZeroOrOne;
            options[name] = option;
            root.Options.Add(option);
        }
        root.SetAction(async parsed =>
        {
            SiloSettings settings;
            try
            {
                settings = SiloSettings.From(name =>
                    parsed.GetResult(options[name]) is { } given ? parsed.GetValue(options[name]) ?? ""
                    : Environment.GetEnvironmentVariable(SiloSettings.EnvironmentName(name)));
            }
            catch (SiloSettingsException e)
            {
                await stderr.WriteLineAsync(e.Message);
                return BadInput;
            }
            return await SiloHost.RunAsync(settings, stdout, stderr);
        });
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // System.CommandLine's own answer is every error, the whole help and exit code 1.
            await stderr.WriteLineAsync($"{parsed.Errors[0].Message.TrimEnd('.')}; see --help for the options.");
            return BadInput;
        }
        try
        {
            // The host handles Ctrl+C and SIGTERM itself (a graceful leave of the cluster).
            return await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync("The silo failed: " + SiloFailure.OneLine(e));
            return Failure;
        }
    }
}
