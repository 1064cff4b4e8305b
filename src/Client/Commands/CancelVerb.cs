using System.CommandLine;
using SweepCluster.Client.Console;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Client.Commands;

/// <summary>`sweep cancel ID [CONNECTION]`: stops a sweep's running trials and marks it cancelled; finished trials are kept.</summary>
public sealed class CancelVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build() => SweepVerbCommand.Create("cancel", "stop a sweep; its finished trials are kept", RunAsync);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        // Cancelling twice is harmless; but a sweep this command cancelled before a fault did not "already end".
        var sent = false;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            var before = await session.FindAsync(sweepId);
            if (before.Status != SweepPhase.Running && !sent)
            {
                await stdout.WriteLineAsync($"sweep {sweepId} had already ended ({ProgressLine.Phase(before.Status)}); nothing to cancel.");
                return SweepCommand.Ok;
            }
            var coordinator = session.Coordinator(sweepId);
            sent = true;
            await coordinator.Cancel();
            var after = await coordinator.GetStatus();
            var kept = TrialCounts.Of(after).Done;
            await stdout.WriteLineAsync($"sweep {sweepId} {ProgressLine.Phase(after.Status)}; {kept} finished trial{(kept == 1 ? "" : "s")} kept.");
            return SweepCommand.Ok;
        }, cancel);
    }
}
