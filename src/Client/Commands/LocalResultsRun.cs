using System.CommandLine;
using System.Text.Json;
using SweepCluster.Client.Console;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `retry` and `refine` given a results file: the work runs in this process (the default for a file), with progress
/// on standard error, and is written like `run` writes a result. A cluster option with a file is refused: the file is
/// not the cluster's sweep.
/// </summary>
internal static class LocalResultsRun
{
    public static async Task<int> RunAsync(
        string path, ConnectionOptions connection, ParseResult parsed, ResultDestination destination, TextWriter stdout, TextWriter stderr,
        Func<SweepResult, LocalSweepRunner, CancellationToken, SweepResult> work, CancellationToken cancel)
    {
        connection.RefuseWithFile(parsed, path, "is run in this process");
        var previous = ResultsFile.Read(path);
        var kept = previous.Trials.Where(t => t.Status is not (TrialStatus.Failed or TrialStatus.Cancelled)).Select(t => t.TrialId).ToHashSet(StringComparer.Ordinal);
        var threads = Environment.ProcessorCount;
        var failed = previous.Trials.Count - kept.Count;
        await stderr.WriteLineAsync($"running from {path} in this process on {threads} threads: sweep {previous.SweepId}, {kept.Count} finished trials kept, "
            + $"{failed} failed or cancelled; progress is shown as trials end ...");
        SweepResult result;
        using (var progress = new LocalRunProgress(stderr, previous.Spec.Search.Metric, kept))
        {
            var runner = new LocalSweepRunner(threads, progress.OnTrial);
            result = await Task.Run(() => work(previous, runner, cancel), CancellationToken.None);
        }
        var tally = TrialTally.Of(result);
        await stderr.WriteLineAsync(Describe(result, tally));
        var output = destination.PathFor(result.Name, result.SweepId);
        await CommonOptions.WriteResultAsync(JsonSerializer.Serialize(result, SpecJson.Options), output, stdout);
        if (destination.Summarizes)
            foreach (var line in ResultSummary.OfSweep(result, tally, ResultDestination.Shown(output!))) await stdout.WriteLineAsync(line);
        return result.Status switch
        {
            SweepStatus.Completed => SweepCommand.Ok,
            SweepStatus.Cancelled => SweepCommand.Cancelled,
            _ => SweepCommand.Failure,
        };
    }

    private static string Describe(SweepResult r, TrialTally tally) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"{ContractNames.Of(r.Status)}: sweep {r.SweepId}, {tally.Counts}{(r.Best is { } b ? $"; best η {ResultSummary.Rate(b.LearningRate)}" : "")}");
}
