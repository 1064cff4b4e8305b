using System.Text.Json;
using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// Reads a silo's <c>--trainers</c> file: a JSON object, name → trainer, each read by the rules of a spec's command
/// <c>trainer</c> section with a <c>command</c> of its own (docs/spec.md trainer). Specs pick one by
/// <c>"trainer": {"name": ...}</c>. A relative <c>workingDirectory</c> is looked for next to the file first.
/// </summary>
public static class DeclaredTrainers
{
    private const string What = "trainers file";

    /// <summary>The trainers by name; every problem of the file at once, each with its path (<c>$.NAME.field</c>).</summary>
    /// <exception cref="SpecException">The file holds mistakes.</exception>
    /// <exception cref="InputException">The file cannot be read.</exception>
    public static IReadOnlyDictionary<string, TrainerSpec> ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = SpecFile.FullPath(path, What);
        var ctx = new ReadContext(Path.GetDirectoryName(fullPath), SpecParser.DefaultName, null) { CommandTrainer = true };
        var bytes = SpecFile.Read(path, fullPath, ctx.Problems, What);
        using var document = bytes is null ? null : SpecText.Parse(bytes, ctx.Problems);
        var trainers = document is null ? null : Read(document.RootElement, ctx);
        return trainers ?? throw new SpecException(ctx.Problems.ToList());
    }

    private static Dictionary<string, TrainerSpec>? Read(JsonElement root, ReadContext ctx)
    {
        var problems = ctx.Problems;
        if (SpecObject.From(root, JsonPath.Root, "the trainers", problems) is not { } file) return null;
        var trainers = new Dictionary<string, TrainerSpec>(StringComparer.Ordinal);
        foreach (var (name, value) in file.Entries())
        {
            var path = file.At(name);
            if (NameProblem(name) is { } problem)
            {
                problems.Add(path, problem);
                continue;
            }
            if (SpecObject.From(value, path, $"the trainer {ValueText.Quote(name)}", problems) is not { } o) continue;
            // A declaration is what a spec's name points at: it runs a program of its own and points nowhere else.
            if (o.Contains("name"))
            {
                problems.Add(o.At("name"), "a declared trainer has a command of its own; specs pick it by its key in this file");
                continue;
            }
            if (!o.Contains("command"))
            {
                problems.Add(o.At("command"), "is required for a declared trainer: the program and its arguments, e.g. [\"python3\", \"train.py\", \"--lr\", \"{learningRate}\"]");
                continue;
            }
            if (TrainerReader.Read(o, ctx).Spec is { } trainer) trainers[name] = trainer;
        }
        return problems.Count == 0 ? trainers : null;
    }

    private static string? NameProblem(string name) =>
        name.Trim().Length == 0 ? "a trainer needs a name that is not blank"
        : name.Length > SpecLimits.MaxNameLength ? $"a name of {name.Length} characters is too long; must be at most {SpecLimits.MaxNameLength}"
        : name.Any(char.IsControl) ? $"{ValueText.Quote(name)} holds control characters; use printable text"
        : null;
}
