using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Commands;

/// <summary>A Sweep result written by `run --out` or `results`, given where a sweep id is expected.</summary>
internal static class ResultsFile
{
    /// <summary>True when the ID argument names a file rather than a sweep: one that exists, or a name ending in .json.</summary>
    public static bool Names(string argument) =>
        File.Exists(argument) || argument.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="InputException">The file is not a Sweep result.</exception>
    public static SweepResult Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepResult>(File.ReadAllText(path), SpecJson.Options)
                ?? throw new InputException($"{path}: the JSON null is not a Sweep result.");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InputException($"ID: \"{path}\" is not allowed; no such results file (give a sweep id or the path of a Sweep result).");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InputException($"{path}: not a Sweep result (docs/results.md): {e.Message}");
        }
    }
}
