using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Client.Console;
using SweepCluster.Grains.Registry;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep list [CONNECTION] [--limit N] [--json]`: the sweeps the cluster knows, newest first, each with its status,
/// trial count and best η as its coordinator tells them now (the registry keeps only what never changes).
/// </summary>
public sealed class ListVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private const int DefaultLimit = 50;

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public Command Build()
    {
        var limit = new Option<string?>("--limit") { Description = $"show at most this many of the newest sweeps ({DefaultLimit})" };
        var json = CommonOptions.Json("a JSON array instead of a table");
        var connection = ConnectionOptions.Standing("list");
        var command = new Command("list", "the sweeps the cluster knows, newest first") { limit, json };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(
            CommonOptions.PositiveInteger(parsed.GetValue(limit), "--limit", DefaultLimit) ?? DefaultLimit, parsed.GetValue(json), connection, parsed, cancel));
        return command;
    }

    private async Task<int> RunAsync(int limit, bool json, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            var registry = session.Client.GetGrain<ISweepRegistryGrain>(0);
            var listings = await registry.List(limit);
            var known = await registry.Count();
            session.Answered();
            var answers = await Task.WhenAll(listings.Select(l => TryStatusAsync(session, l.SweepId)));
            var rows = listings.Select((l, i) => SweepRow.Of(l, answers[i].Summary)).ToArray();
            // Everything is read before anything is written: a fault until here means the listing is made again.
            if (json) await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, JsonOptions));
            else if (rows.Length > 0) foreach (var line in Table(rows)) await stdout.WriteLineAsync(line);

            if (known == 0) await stderr.WriteLineAsync("no sweeps in this cluster yet (`sweep submit SPEC.json` starts one).");
            else if (known > rows.Length) await stderr.WriteLineAsync($"the newest {rows.Length} of {known} sweeps; --limit N shows more.");
            if (answers.Count(a => a.Stored) is > 0 and var stored)
                await stderr.WriteLineAsync($"{stored} coordinator{(stored == 1 ? " is" : "s are")} not answering; {(stored == 1 ? "its row shows its" : "their rows show their")} stored state.");
            return SweepCommand.Ok;
        }, cancel);
    }

    /// <summary>
    /// The coordinator's summary; when it does not answer (its silo paused or going away), its stored state, or null:
    /// the row then says "unreachable", and the rest is listed.
    /// </summary>
    private static async Task<(SweepSummary? Summary, bool Stored)> TryStatusAsync(SweepSession session, string sweepId)
    {
        try
        {
            return (await session.Coordinator(sweepId).GetStatus().WaitAsync(ClusterAttempts.QuickCall), false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            try
            {
                return session.Stored is { } store && await store.ReadAsync(sweepId, withTrials: false, includeHistories: false) is { } stored
                    ? (stored.Summary, true) : (null, false);
            }
            catch (Exception)
            {
                return (null, false);
            }
        }
    }

    private static IEnumerable<string> Table(IReadOnlyList<SweepRow> rows)
    {
        string[] header = ["ID", "NAME", "STATUS", "SUBMITTED (UTC)", "TRIALS", "BEST η"];
        var cells = rows.Select(r => new[]
        {
            r.SweepId, r.Name, r.Status, r.SubmittedUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            r.Trials?.ToString(CultureInfo.InvariantCulture) ?? "", r.BestLearningRate?.ToString("G6", CultureInfo.InvariantCulture) ?? "",
        }).Prepend(header).ToArray();
        var widths = header.Select((_, c) => cells.Max(row => row[c].Length)).ToArray();
        return cells.Select(row => string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
    }

    /// <summary>One sweep as listed; the JSON of `sweep list --json`.</summary>
    /// <param name="Status">The status as docs/results.md names it, or "unreachable" when its coordinator did not answer.</param>
    private sealed record SweepRow(
        string SweepId, string Name, string Status, DateTime SubmittedUtc, int? Trials, double? BestLearningRate, string? ParentSweepId)
    {
        public static SweepRow Of(SweepListing listing, SweepSummary? summary) => new(
            listing.SweepId, listing.Name, summary is null ? "unreachable" : ProgressLine.Phase(summary.Status), listing.SubmittedUtc,
            summary is null ? null : TrialCounts.Of(summary).Total, summary?.BestLearningRate, listing.ParentSweepId);
    }
}
