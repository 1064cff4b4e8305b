using System.Text.Json;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Reads <c>trainer</c> (docs/spec.md trainer): <c>builtin</c>, or <c>command</c> with an inline command or the name of
/// a trainer declared on the silos, and an arm's <c>trainer</c>, which may set only <c>args</c> and <c>env</c>.
/// Placeholders are checked later, against each arm's resolved sections (<see cref="TrainerTemplates"/>).
/// </summary>
internal static class TrainerReader
{
    public static readonly string[] Kinds = ["builtin", "command"];

    /// <summary>The fields a spec naming a declared trainer may not set: the declaration on the silos fixes them.</summary>
    private static readonly string[] DeclaredFields = ["workingDirectory", "metrics", "timeoutSeconds", "mode"];

    /// <summary>What the trial sets itself; a spec's value would be overwritten without a word.</summary>
    private static readonly string[] TrialVariables =
        [TrialEnvironment.Trial, TrialEnvironment.LearningRate, TrialEnvironment.TrialId, TrialEnvironment.CheckpointDir, TrialEnvironment.Worker];

    /// <summary>The section; <see cref="TrainerDraft.IsCommand"/> is known even when it has problems, so that data and model are judged by it.</summary>
    public static TrainerDraft Read(SpecObject? o, ReadContext ctx)
    {
        if (o is null) return TrainerDraft.Builtin;
        var implied = o.Contains("command") || o.Contains("name") ? "command" : "builtin";
        var kind = o.Kind("kind", Kinds, "a trainer kind", fallback: implied);
        // A misspelt kind on a section without command or name is reported alone: what else to expect is unknown.
        if (kind is null && implied == "builtin") return TrainerDraft.Builtin;
        if (kind == "builtin")
        {
            o.What = "the builtin trainer";
            o.RejectUnknown();
            return TrainerDraft.Builtin;
        }

        var problems = ctx.Problems;
        var before = problems.Count;
        o.What = "the command trainer";
        var hasCommand = o.Has("command");
        var command = o.Field("command") is { } c ? Strings(c, o.At("command"), problems, program: true) : null;
        var hasName = o.Has("name");
        var name = hasName ? Names.Read(o, "name") : null;
        var args = o.Field("args") is { } a ? Strings(a, o.At("args"), problems, program: false) : null;
        var env = o.Object("env", "the trainer's env") is { } e ? Env(e) : null;
        var workingDirectory = o.OptionalText("workingDirectory") is { } directory ? Folder(directory, o.At("workingDirectory"), ctx) : null;
        var metrics = o.Object("metrics", "the trainer's metrics") is { } m ? Metrics(m) : null;
        var timeout = o.OptionalDouble("timeoutSeconds", Must.Within(0, SpecLimits.MaxTrainerTimeoutSeconds, lowOpen: true, highOpen: false));
        TrainerMode? mode = o.Has("mode") ? o.Enum("mode", TrainerMode.Process, "a trainer mode") : null;
        o.RejectUnknown();

        if (hasCommand && hasName)
            problems.Add(o.At("name"), "a trainer has either a command or the name of a trainer declared on the silos, not both; remove one");
        else if (!hasCommand && !hasName)
            problems.Add(o.At("command"),
                "is required for a command trainer: the program and its arguments, e.g. [\"python3\", \"train.py\", \"--lr\", \"{learningRate}\"] " +
                "(or give name: a trainer declared on the silos with --trainers)");
        if (hasName)
            foreach (var field in DeclaredFields.Where(o.Has))
                problems.Add(o.At(field), $"is set by the trainer {ValueText.Quote(name ?? "")} declared on the silos; a spec that names a trainer may add only args and env");

        var read = new TrainerSpec(command, name, args, workingDirectory, env, metrics, timeout, mode);
        return new TrainerDraft(true, kind is null || problems.Count > before ? null : read, read);
    }

    /// <summary>An arm's <c>trainer</c>: <c>args</c> and <c>env</c> only, and only when the spec's trainer is a command.</summary>
    public static ArmTrainerSpec? ReadArm(SpecObject o, ReadContext ctx)
    {
        var problems = ctx.Problems;
        var before = problems.Count;
        o.What = "an arm's trainer";
        var args = o.Field("args") is { } a ? Strings(a, o.At("args"), problems, program: false) : null;
        var env = o.Object("env", "the arm's trainer env") is { } e ? Env(e) : null;
        o.RejectUnknown();
        if (!ctx.CommandTrainer)
            problems.Add(o.Path, "is only allowed when the spec trains a program of its own (\"trainer\": {\"kind\": \"command\", ...}); the built-in trainer takes no args or env");
        return problems.Count > before ? null : new ArmTrainerSpec(args, env);
    }

    /// <summary>A list of strings; the program's (a command) must not be empty nor start with an empty word.</summary>
    private static IReadOnlyList<string>? Strings(JsonElement e, string path, Problems problems, bool program)
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, $"expected a list of strings, found {ValueText.Found(e)}{(program && e.ValueKind == JsonValueKind.String ? "; split the command line into its words, e.g. [\"python3\", \"train.py\"]" : "")}");
            return null;
        }
        if (program && e.GetArrayLength() == 0)
        {
            problems.Add(path, "the list is empty; give the program first, then its arguments, e.g. [\"python3\", \"train.py\"]");
            return null;
        }
        var words = new List<string>();
        var ok = true;
        var index = 0;
        foreach (var item in e.EnumerateArray())
        {
            var itemPath = JsonPath.Index(path, index++);
            if (JsonValues.String(item, itemPath, problems) is not { } word) ok = false;
            else if (word.Contains('\0'))
            {
                problems.Add(itemPath, $"{ValueText.Quote(word)} holds a NUL character, which no command line can carry");
                ok = false;
            }
            else if (program && words.Count == 0 && word.Trim().Length == 0)
            {
                problems.Add(itemPath, "the program's name must not be empty");
                ok = false;
            }
            else words.Add(word);
        }
        return ok ? words : null;
    }

    /// <summary>An object of strings: environment variables added to the program's.</summary>
    private static IReadOnlyDictionary<string, string>? Env(SpecObject o)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var property in o.Entries())
        {
            var path = o.At(property.Name);
            var name = property.Name;
            string? problem = name.Length == 0 ? "an environment variable needs a name"
                : name.Contains('=') || name.Contains('\0') ? $"{ValueText.Quote(name)} is not allowed as a variable name; it must not hold '=' or NUL"
                : TrialVariables.Contains(name) ? $"{ValueText.Quote(name)} is set by the trial itself (to the trial's own value); choose another name"
                : null;
            if (problem is not null)
            {
                o.Problems.Add(path, problem);
                ok = false;
                continue;
            }
            if (JsonValues.String(property.Value, path, o.Problems) is not { } value)
            {
                ok = false;
                continue;
            }
            if (value.Contains('\0'))
            {
                o.Problems.Add(path, $"{ValueText.Quote(value)} holds a NUL character, which no environment variable can carry");
                ok = false;
                continue;
            }
            env[name] = value;
        }
        return ok ? env : null;
    }

    /// <summary>
    /// The working directory, stored absolute: a relative one is looked for next to the spec first, then in the current
    /// directory, as data files are, so that the same spec means the same folder wherever <c>sweep</c> is started.
    /// </summary>
    private static string? Folder(string text, string path, ReadContext ctx)
    {
        List<string> candidates = [];
        try
        {
            if (!Path.IsPathFullyQualified(text) && ctx.BaseDirectory is not null) candidates.Add(Path.GetFullPath(Path.Combine(ctx.BaseDirectory, text)));
            var fromCurrent = Path.GetFullPath(text);
            if (!candidates.Contains(fromCurrent)) candidates.Add(fromCurrent);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            ctx.Problems.Add(path, $"{ValueText.Quote(text)} is not a valid path: {e.Message}");
            return null;
        }
        if (candidates.FirstOrDefault(Directory.Exists) is { } found)
        {
            if (ctx.DataRoot is not { } root) return found;
            // On a silo with --data-root a program runs only under it, as data files are read only under it.
            var real = Data.RealPath.Of(found);
            if (Data.RealPath.IsUnder(real, root)) return found;
            ctx.Problems.Add(path, $"{ValueText.Quote(text)} is outside the data root {root} (--data-root): a submitted spec's program may only run in a folder under it");
            return null;
        }
        ctx.Problems.Add(path, $"directory {ValueText.Quote(text)} not found (looked for {string.Join(" and ", candidates.Select(ValueText.Shorten))})");
        return null;
    }

    private static TrainerMetricsSpec? Metrics(SpecObject o)
    {
        o.What = "the trainer's metrics";
        var format = o.Enum("format", TrainerMetricsFormat.Json, "a metrics format");
        var hasPattern = o.Has("pattern");
        var pattern = o.Field("pattern") is { } p ? JsonValues.String(p, o.At("pattern"), o.Problems) : null;
        o.RejectUnknown();
        if (format is null || hasPattern && pattern is null) return null;
        var metrics = new TrainerMetricsSpec(format.Value, pattern);
        const string prefix = "metrics.pattern: ";
        var problems = ReportParsers.Validate(metrics);
        foreach (var problem in problems)
            o.Problems.Add(o.At("pattern"), problem.StartsWith(prefix, StringComparison.Ordinal) ? problem[prefix.Length..] : problem);
        return problems.Count == 0 ? metrics : null;
    }
}

/// <summary>
/// The trainer section while the spec is read: a command trainer or not, the section when it had no problem, and
/// <see cref="Read"/>, the parts that could be read (the others null), whose placeholders are checked either way.
/// </summary>
internal sealed record TrainerDraft(bool IsCommand, TrainerSpec? Spec, TrainerSpec? Read)
{
    public static TrainerDraft Builtin { get; } = new(false, null, null);
}
