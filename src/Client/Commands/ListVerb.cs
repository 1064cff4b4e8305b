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
        await using var session = await connection.OpenAsync(parsed, cancel);
        var registry = session.Client.GetGrain<ISweepRegistryGrain>(0);
        var listings = await registry.List(limit);
        var rows = await Task.WhenAll(listings.Select(async l => SweepRow.Of(l, await TryStatusAsync(session, l.SweepId))));
        if (json) await stdout.WriteLineAsync(JsonSerializer.Serialize(rows, JsonOptions));
        else if (rows.Length > 0) foreach (var line in Table(rows)) await stdout.WriteLineAsync(line);

        var known = await registry.Count();
        if (known == 0) await stderr.WriteLineAsync("no sweeps in this cluster yet (`sweep submit SPEC.json` starts one).");
        else if (known > rows.Length) await stderr.WriteLineAsync($"the newest {rows.Length} of {known} sweeps; --limit N shows more.");
        return SweepCommand.Ok;
    }

    /// <summary>Null when the coordinator does not answer (its silo is going away): the row says so, the rest is listed.</summary>
    private static async Task<SweepSummary?> TryStatusAsync(SweepSession session, string sweepId)
    {
        try
        {
            return await session.Coordinator(sweepId).GetStatus();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
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
