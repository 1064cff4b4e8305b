using System.CommandLine;
using System.Globalization;
using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>Arguments and options shared by several verbs, declared once.</summary>
internal static class CommonOptions
{
    public static Argument<string> SpecArgument() => new("SPEC.json") { Description = Help.Spec };

    public static Argument<string> SweepIdArgument() => new("ID") { Description = "the sweep's id, e.g. s-1234abcd (`sweep list` shows them)" };

    public static Option<string?> Out() => new("--out") { Description = Help.Out };

    public static Option<bool> Json(string what) => new("--json") { Description = what };

    /// <summary>Reads a positive, finite number given as text, naming the option when it is not one.</summary>
    public static double? PositiveNumber(string? text, string option)
    {
        if (text is null) return null;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
            throw new InputException($"{option}: \"{text}\" is not allowed; must be a positive finite number such as 0.01.");
        return value;
    }

    /// <summary>Reads a whole number of at least 1 given as text, naming the option when it is not one.</summary>
    public static int? PositiveInteger(string? text, string option, int example)
    {
        if (text is null) return null;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
            throw new InputException($"{option}: \"{text}\" is not allowed; must be a whole number of at least 1, such as {example}.");
        return value;
    }

    /// <summary>Writes the text and a line break to the file (creating its folder) or, with no file, to standard output.</summary>
    public static Task WriteResultAsync(string text, string? path, TextWriter stdout) => WriteAsync(text + Environment.NewLine, path, stdout);

    /// <summary>Writes the text as it is (its own line breaks) to the file, creating its folder, or to standard output.</summary>
    public static async Task WriteAsync(string text, string? path, TextWriter stdout)
    {
        if (path is null)
        {
            await stdout.WriteAsync(text);
            return;
        }
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out: cannot write \"{path}\": {e.Message}");
        }
    }
}
