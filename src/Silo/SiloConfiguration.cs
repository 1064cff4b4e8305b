using Microsoft.Extensions.Configuration.Json;

namespace SweepCluster.Silo;

/// <summary>
/// Binds <see cref="SiloArguments"/> from three layers, each over the one before: the <c>--config</c> JSON file (keys as
/// the properties, camelCase: <c>{"siloPort": 11111, "allowCommands": true}</c>), the environment (each option's
/// <c>SWEEP_</c> + upper-snake variable) and the command line.
/// </summary>
internal static class SiloConfiguration
{
    private static readonly SiloOption ConfigOption = SiloOption.Of(nameof(SiloArguments.Config));

    /// <param name="commandLine">The options given on the command line, by key (<see cref="SiloOption.Key"/>).</param>
    /// <param name="environment">An environment variable's value by its name; null when it is not set.</param>
    /// <exception cref="SiloSettingsException">The <c>--config</c> file cannot be read, or holds what is no option.</exception>
    public static SiloArguments Bind(IReadOnlyDictionary<string, string?> commandLine, Func<string, string?> environment)
    {
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in SiloOption.All)
            if (environment(option.Environment) is { } value) fromEnvironment[option.Key] = value;

        var builder = new ConfigurationBuilder();
        var file = commandLine.GetValueOrDefault(ConfigOption.Key) ?? fromEnvironment.GetValueOrDefault(ConfigOption.Key);
        if (file is { Length: > 0 }) builder.AddJsonFile(ExistingFile(file), optional: false, reloadOnChange: false);
        builder.AddInMemoryCollection(fromEnvironment).AddInMemoryCollection(commandLine);
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (file is not null && e is InvalidDataException or FormatException or IOException or System.Text.Json.JsonException)
        {
            // Only the file is read here; its own reason is the innermost one.
            var cause = e;
            while (cause.InnerException is not null) cause = cause.InnerException;
            throw Mistake(file, $"is not a JSON object of options: {cause.Message.ReplaceLineEndings(" ").TrimEnd('.')}");
        }
        if (file is { Length: > 0 }) CheckFile(configuration, file);
        return configuration.Get<SiloArguments>() ?? new SiloArguments();
    }

    private static string ExistingFile(string file)
    {
        string full;
        try
        {
            full = Path.GetFullPath(file);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Mistake(file, "is not a valid path");
        }
        return File.Exists(full) ? full : throw Mistake(file, $"not found (looked for {full})");
    }

    /// <summary>Every key of the file must be an option, with a plain value; the file must parse (it is read by Build).</summary>
    private static void CheckFile(IConfigurationRoot configuration, string file)
    {
        var provider = configuration.Providers.OfType<JsonConfigurationProvider>().Single();
        foreach (var key in provider.GetChildKeys([], null).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var option = SiloOption.All.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase));
            if (option is null || option == ConfigOption)
                throw Mistake(file, $"\"{key}\" is not an option of the file; allowed: {string.Join(", ", SiloOption.All.Where(o => o != ConfigOption).Select(o => JsonName(o.Key)))}");
            if (!provider.TryGet(key, out _))
                throw Mistake(file, $"\"{key}\" must be a string, a number or true/false");
        }
    }

    private static string JsonName(string key) => char.ToLowerInvariant(key[0]) + key[1..];

    private static SiloSettingsException Mistake(string file, string problem) => new($"{ConfigOption}: \"{file}\" {problem}.");
}
