using System.CommandLine;
using System.Globalization;
using SweepCluster.Client.Report;
using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep report RESULTS.json|ID [CONNECTION] --out report.html`: one self-contained HTML page with the plots of a
/// Sweep result, or of a single Trial from `sweep train --out`. A file needs no cluster; an id is fetched, with its
/// histories, from the cluster like `sweep results` does.
/// </summary>
public sealed class ReportVerb(TextWriter stderr) : IVerb
{
    private readonly Option<string?> _output = new("--out") { Description = "the HTML file to write (required)" };

    public Command Build() => SweepVerbCommand.Create(
        "report", "a self-contained HTML report with plots of a sweep (by id or results file) or of one trial (a `train --out` file)",
        RunAsync, RunFileAsync, _output);

    private Task<int> RunFileAsync(string path, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var output = Output(parsed);
        connection.RefuseWithFile(parsed, path, "is read in this process");
        return WriteAsync(ReportInput.Read(path), output);
    }

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        // Checked before connecting: a mistake is exit 2 whether or not a cluster answers.
        var output = Output(parsed);
        // Not the connection string: it may hold a Redis password, and a report is made to be passed around.
        var source = $"sweep {sweepId}, fetched from its cluster";
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            await session.FindAsync(sweepId);
            var result = await session.ReportResultAsync(sweepId);
            var page = SweepReport.Build(result, source);
            if (result.Spec.Trainer is not null) page = page with { Logs = await LogTailsAsync(session, result) };
            return await WriteAsync(page, output);
        }, cancel, async store =>
        {
            if (await store.ReadAsync(sweepId, withTrials: true, includeHistories: true, cancel) is not { Result: { } result } stored) return null;
            await stderr.WriteLineAsync(StoredSweepNote.Of(stored));
            return await WriteAsync(SweepReport.Build(result, source), output);
        });
    }

    /// <summary>The end of each trial's program output, as its trial grain keeps it.</summary>
    private static async Task<IReadOnlyList<TrialLogTail>> LogTailsAsync(SweepSession session, Engine.Results.SweepResult result)
    {
        var tails = new List<TrialLogTail>(result.Trials.Count);
        foreach (var trial in result.Trials)
        {
            if (await session.Client.GetGrain<Grains.Trials.ITrialGrain>(trial.TrialId).GetLogs() is not { } logs) continue;
            if (logs.Stdout.Length == 0 && logs.Stderr.Length == 0) continue;
            tails.Add(new TrialLogTail(trial.TrialId, TrialLogTail.End(logs.Stdout), TrialLogTail.End(logs.Stderr)));
        }
        return tails;
    }

    /// <summary>The --out path, checked for writability before any work starts.</summary>
    private string Output(ParseResult parsed)
    {
        var output = parsed.GetValue(_output)
            ?? throw new InputException("--out: missing; `sweep report` writes one HTML file: give its path, e.g. --out report.html.");
        ResultDestination.EnsureWritable(output);
        return output;
    }

    /// <summary>Writes the page straight to the file: the page of a large sweep is never held as one string.</summary>
    private async Task<int> WriteAsync(ReportPage page, string output)
    {
        long bytes;
        try
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            await using var file = new FileStream(output, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024);
            ReportHtml.Write(page, file);
            bytes = file.Length;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"--out: cannot write \"{output}\": {e.Message}");
        }
        await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {output} ({bytes / 1024.0:0} KB): {page.Charts.Count} chart{(page.Charts.Count == 1 ? "" : "s")}, {page.Trials.Count} trial{(page.Trials.Count == 1 ? "" : "s")}"));
        return SweepCommand.Ok;
    }
}
