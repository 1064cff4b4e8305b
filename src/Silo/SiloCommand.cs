using System.CommandLine;

namespace SweepCluster.Silo;

/// <summary>
/// <c>dotnet run --project src/Silo -- [--redis CONNSTRING] [--silo-port 11111] [--gateway-port 30000]
/// [--metrics-port 9464] [--slots N] [--advertise IP] ...</c> (docs/cli.md): the options of <see cref="SiloArguments"/>,
/// each also as SWEEP_ + its upper-snake name or in a <c>--config</c> file. A mistake in the options is one line and
/// exit code 2; a silo that cannot start is one line and exit code 1.
/// </summary>
internal static class SiloCommand
{
    public const int Failure = 1;
    public const int BadInput = 2;

    /// <summary>The silo with its ready line on the console.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stderr) => RunAsync(args, Console.Out, stderr);

    /// <param name="stdout">Where the silo says it is ready.</param>
    /// <param name="stderr">Where a mistake in the options, or a failure to start, is said in one line.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var (root, options) = Root();
        root.SetAction(async parsed =>
        {
            SiloSettings settings;
            try
            {
                settings = SiloSettings.From(SiloConfiguration.Bind(Given(parsed, options), Environment.GetEnvironmentVariable));
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
            await stderr.WriteLineAsync(ErrorLine(parsed));
            return BadInput;
        }
        try
        {
            // The host handles Ctrl+C and SIGTERM itself (a graceful leave of the cluster).
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false, Output = stdout, Error = stderr,
            });
        }
        catch (Exception e)
        {
            await stderr.WriteLineAsync("The silo failed: " + SiloFailure.OneLine(e));
            return Failure;
        }
    }

    /// <summary>The settings a command line and an environment ask for, without starting anything.</summary>
    /// <exception cref="SiloSettingsException">Any mistake, an unknown option included, in the line the silo would print.</exception>
    public static SiloSettings Read(string[] args, Func<string, string?> environment)
    {
        var (root, options) = Root();
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0) throw new SiloSettingsException(ErrorLine(parsed));
        return SiloSettings.From(SiloConfiguration.Bind(Given(parsed, options), environment));
    }

    private static (RootCommand Root, IReadOnlyDictionary<SiloOption, Option<string?>> Options) Root()
    {
        var root = new RootCommand("A SweepCluster silo: trains trials for the cluster.");
        var options = new Dictionary<SiloOption, Option<string?>>();
        foreach (var o in SiloOption.All)
        {
            var option = new Option<string?>(o.Switch) { Description = $"{o.Description} [{o.Environment}]", Hidden = o.Hidden };
            if (o.Flag)
            {
                option.Arity = ArgumentArity.ZeroOrOne;
                option.HelpName = "true|false";
            }
            options[o] = option;
            root.Options.Add(option);
        }
        return (root, options);
    }

    /// <summary>The options given on the command line, by configuration key; a flag given alone is true.</summary>
    private static Dictionary<string, string?> Given(ParseResult parsed, IReadOnlyDictionary<SiloOption, Option<string?>> options)
    {
        var given = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (o, option) in options)
            if (parsed.GetResult(option) is not null) given[o.Key] = parsed.GetValue(option) ?? (o.Flag ? "true" : "");
        return given;
    }

    // System.CommandLine's own answer is every error, the whole help and exit code 1.
    private static string ErrorLine(ParseResult parsed) => $"{parsed.Errors[0].Message.TrimEnd('.')}; see --help for the options.";
}
