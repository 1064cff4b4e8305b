using System.CommandLine;
using System.Text;
using System.Text.Json;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep results ID [CONNECTION] [--out FILE] [--format json|csv]`: the Sweep result so far, histories included, as
/// `run` writes it (json), or one CSV row per trial (<see cref="TrialCsv"/>); streamed trial by trial
/// (<see cref="SweepResultReader"/>), so that a sweep of any size is written without being held.
/// </summary>
public sealed class ResultsVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private static readonly string[] Formats = ["json", "csv"];

    private readonly Option<string?> _output = new("--out") { Description = "write the result to this file instead of standard output" };
    private readonly Option<string?> _format = new("--format") { Description = "json (the Sweep result, default) or csv (one row per trial)" };

    public Command Build() => SweepVerbCommand.Create("results", "the Sweep result so far (json) or one CSV row per trial", RunAsync, _output, _format);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var format = Format(parsed.GetValue(_format));
        var output = parsed.GetValue(_output);
        if (output is not null) ResultDestination.EnsureWritable(output);
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            await session.FindAsync(sweepId);
            var source = await SweepResultReader.OpenAsync(session.Client, sweepId);
            await new StartedWriter(stdout).WriteOnceAsync(console => ResultOutput.WriteAsync(output, console, destination => format == "json"
                ? SweepResultStream.WriteJsonAsync(source, includeHistories: true, destination, cancel)
                : TrialCsv.WriteAsync(source, destination, cancel)));
            return SweepCommand.Ok;
        }, cancel, async store =>
        {
            if (await store.ReadAsync(sweepId, withTrials: true, includeHistories: format == "json", cancel) is not { Result: { } result } stored) return null;
            await stderr.WriteLineAsync(StoredSweepNote.Of(stored));
            var text = format == "json" ? JsonSerializer.Serialize(result, SpecJson.Options) + Environment.NewLine : TrialCsv.Write(result);
            await ResultOutput.WriteAsync(output, stdout, destination => destination.WriteAsync(Encoding.UTF8.GetBytes(text), cancel).AsTask());
            return SweepCommand.Ok;
        });
    }

    private static string Format(string? text)
    {
        if (text is null) return "json";
        return Formats.FirstOrDefault(f => f.Equals(text, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"--format: \"{text}\" is not allowed; allowed: {string.Join(", ", Formats)}.");
    }
}
