using SweepCluster.Client.Console;
using SweepCluster.Client.Results;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>How `run`, `retry` and `refine` end: follow the sweep, write its Sweep result, exit by its status.</summary>
internal static class SweepOutcome
{
    /// <summary>Follows the sweep until it ends (Ctrl+C cancels it), then writes the result (CONTRACT §4) like `run`.</summary>
    public static async Task<int> FollowAndWriteAsync(
        SweepSession session, string sweepId, string? output, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var ended = await new SweepProgress(session, stderr).FollowAsync(sweepId, OnInterrupt.CancelSweep, cancel);
        // Not `cancel`: after Ctrl+C the sweep was cancelled and followed to its end, and its result is still written.
        var source = await SweepResultReader.OpenAsync(session.Client, sweepId);
        await ResultOutput.WriteAsync(output, stdout, destination => SweepResultStream.WriteJsonAsync(source, includeHistories: true, destination));
        return await ExitCodeAsync(ended!, stderr);   // CancelSweep follows to the end: never null
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
