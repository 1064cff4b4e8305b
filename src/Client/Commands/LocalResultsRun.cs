using System.CommandLine;
using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `retry` and `refine` given a results file: the work runs in this process (the contract's default for a file),
/// written like `run` writes a result. A cluster option with a file is refused: the file is not the cluster's sweep.
/// </summary>
internal static class LocalResultsRun
{
    public static async Task<int> RunAsync(
        string path, ConnectionOptions connection, ParseResult parsed, string? output, TextWriter stdout, TextWriter stderr,
        Func<SweepResult, CancellationToken, SweepResult> work, CancellationToken cancel)
    {
        connection.RefuseWithFile(parsed, path, "is run in this process");
        var previous = ResultsFile.Read(path);
        await stderr.WriteLineAsync($"running from {path} (sweep {previous.SweepId}) in this process ...");
        var result = await Task.Run(() => work(previous, cancel), CancellationToken.None);
        await stderr.WriteLineAsync(Describe(result));
        await CommonOptions.WriteResultAsync(JsonSerializer.Serialize(result, SpecJson.Options), output, stdout);
        return result.Status switch
        {
            SweepStatus.Completed => SweepCommand.Ok,
            SweepStatus.Cancelled => SweepCommand.Cancelled,
            _ => SweepCommand.Failure,
        };
    }

    private static string Describe(SweepResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{r.Status.ToString().ToLowerInvariant()}: sweep {r.SweepId}, {r.Trials.Count} trials{(r.Best is { } b ? $", best η {b.LearningRate:G4}" : "")}");

    /// <summary>A local runner on every core (trials are independent; stages wait for theirs).</summary>
    public static LocalSweepRunner Runner() => new();
}
