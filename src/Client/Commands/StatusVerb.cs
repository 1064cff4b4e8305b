using System.CommandLine;
using SweepCluster.Client.Console;
using System.Text.Json;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep status ID [CONNECTION] [--json]`: one snapshot of a sweep, a short summary for people or, with --json, the
/// Sweep result of docs/results.md so far with each trial's history left out.
/// </summary>
public sealed class StatusVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private readonly Option<bool> _json = CommonOptions.Json("the Sweep result so far (docs/results.md, without histories) instead of a summary");

    public Command Build() => SweepVerbCommand.Create("status", "one snapshot of a sweep: its status, trials and best so far", RunAsync, _json);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var json = parsed.GetValue(_json);
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            var summary = await session.FindAsync(sweepId);
            if (json)
            {
                var source = await SweepResultReader.OpenAsync(session.Client, sweepId);
                await new StartedWriter(stdout).WriteOnceAsync(console =>
                    ResultOutput.WriteAsync(null, console, destination => SweepResultStream.WriteJsonAsync(source, includeHistories: false, destination, cancel)));
            }
            else
            {
                foreach (var line in Describe(summary)) await stdout.WriteLineAsync(line);
            }
            return SweepCommand.Ok;
        }, cancel, async store =>
        {
            if (await store.ReadAsync(sweepId, withTrials: json, includeHistories: false, cancel) is not { } stored) return null;
            await stderr.WriteLineAsync(StoredSweepNote.Of(stored));
            if (json) await stdout.WriteLineAsync(JsonSerializer.Serialize(stored.Result, SpecJson.Options));
            else foreach (var line in Describe(stored.Summary)) await stdout.WriteLineAsync(line);
            return SweepCommand.Ok;
        });
    }

    private static IEnumerable<string> Describe(SweepSummary s)
    {
        var counts = TrialCounts.Of(s);
        yield return $"sweep {s.SweepId} ({s.Name}): {ProgressLine.Phase(s.Status)}";
        yield return $"trials: {counts} ({counts.Total} in all), {s.Stages} stage{(s.Stages == 1 ? "" : "s")}";
        yield return ProgressLine.Best(s, "R", "G6") is { } best ? $"best: {best}, trial {s.BestTrialId}"
            : s.Status is SweepPhase.Running or SweepPhase.None ? "best: none yet" : "best: none (no trial completed)";
        yield return s.Silo is { Length: > 0 } silo ? $"coordinator: {silo}" : "coordinator: not answering (its stored state)";
        if (s.Error is { } error) yield return $"error: {error}";
        foreach (var warning in s.Warnings) yield return ProgressLine.Warning(warning);
    }
}
