using SweepCluster.Client.Console;
using SweepCluster.Client.Results;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>How `run`, `retry` and `refine` end: follow the sweep, write its Sweep result, exit by its status.</summary>
internal static class SweepOutcome
{
    /// <summary>
    /// Follows the sweep until it ends (Ctrl+C cancels it), writes the result like `run`, then shows the last progress
    /// line with the result's own counts and, on a terminal, the summary.
    /// </summary>
    public static async Task<int> FollowAndWriteAsync(
        SweepSession session, string sweepId, ResultDestination destination, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var progress = new SweepProgress(session, stderr) { LeavesFinalLine = true };
        var ended = (await progress.FollowAsync(sweepId, OnInterrupt.CancelSweep, cancel))!;   // CancelSweep follows to the end: never null
        // Not `cancel`: after Ctrl+C the sweep was cancelled and followed to its end, and its result is still written.
        var source = await SweepResultReader.OpenAsync(session.Client, sweepId);
        var tally = new TrialTally(source.Summary);
        var path = destination.PathFor(source.Summary.Name, sweepId);
        await ResultOutput.WriteAsync(path, stdout, target =>
            SweepResultStream.WriteJsonAsync(source, includeHistories: true, target, observe: tally.Add));
        await stderr.WriteLineAsync(ProgressLine.Of(ended, tally.Counts, progress.Silos));
        // A terminal's summary lists the warnings; otherwise they follow the last progress line.
        if (!destination.Summarizes)
            foreach (var warning in source.Summary.Warnings) await stderr.WriteLineAsync(ProgressLine.Warning(warning));
        if (destination.Summarizes)
            foreach (var line in ResultSummary.OfSweep(source.Summary, tally, ResultDestination.Shown(path!))) await stdout.WriteLineAsync(line);
        return await ExitCodeAsync(ended, stderr);
    }

    /// <summary>0 completed, 3 cancelled, 1 failed (its error said on standard error).</summary>
    public static async Task<int> ExitCodeAsync(SweepSummary ended, TextWriter stderr)
    {
        switch (ended.Status)
        {
            case SweepPhase.Completed:
                return SweepCommand.Ok;
            case SweepPhase.Cancelled:
                return SweepCommand.Cancelled;
            default:
                await stderr.WriteLineAsync($"sweep {ended.SweepId} {ProgressLine.Phase(ended.Status)}: {ended.Error ?? "no reason given"}");
                return SweepCommand.Failure;
        }
    }
}
