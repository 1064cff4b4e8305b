using System.CommandLine;
using SweepCluster.Client.Console;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep watch ID [CONNECTION]`: live progress until the sweep ends; exit 0 completed, 3 cancelled, 1 failed, like
/// `run`. Unlike `run`, Ctrl+C only stops the watching (exit 3): the sweep was not started by this command, and a
/// watcher that lost its terminal should not take a long sweep down with it. `sweep cancel ID` stops the sweep.
/// </summary>
public sealed class WatchVerb(TextWriter stderr) : IVerb
{
    public Command Build() =>
        SweepVerbCommand.Create("watch", "show a sweep's live progress until it ends (Ctrl+C stops watching, not the sweep)", RunAsync);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var started = false;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            // Followed again on a new connection after a fault: the sweep is introduced once.
            var summary = await session.FindAsync(sweepId);
            if (!started)
                await stderr.WriteLineAsync($"watching sweep {sweepId} ({summary.Name}), coordinator on {summary.Silo}; Ctrl+C stops watching, not the sweep");
            started = true;
            var ended = await new SweepProgress(session, stderr).FollowAsync(sweepId, OnInterrupt.StopWatching, cancel);
            if (ended is not null) return await SweepOutcome.ExitCodeAsync(ended, stderr);
            await stderr.WriteLineAsync($"stopped watching; the sweep goes on — `sweep cancel {sweepId}` stops it");
            return SweepCommand.Cancelled;
        }, cancel);
    }
}
