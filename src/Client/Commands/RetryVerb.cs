using System.CommandLine;
using SweepCluster.Client.Console;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep retry ID|RESULTS.json [CONNECTION] [--out FILE]`: reruns, in place, the failed and cancelled trials of a
/// sweep, then follows and writes it like `run` (Ctrl+C cancels it); a results file is retried in this process.
/// </summary>
public sealed class RetryVerb(TextWriter stdout, TextWriter stderr, ResultConsole console) : IVerb
{
    private readonly Option<string?> _output = CommonOptions.Out();

    public Command Build() =>
        SweepVerbCommand.Create("retry", "rerun a sweep's failed and cancelled trials in place, then wait and write the Sweep result", RunAsync, RunFileAsync, _output);

    /// <summary>A results file: its failed and cancelled trials rerun in this process, the rest kept as they are.</summary>
    private Task<int> RunFileAsync(string path, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel) =>
        LocalResultsRun.RunAsync(path, connection, parsed, ResultDestination.Choose(parsed.GetValue(_output), console), stdout, stderr,
            (previous, runner, token) => runner.Retry(previous, token), cancel);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var destination = ResultDestination.Choose(parsed.GetValue(_output), console);
        var retried = false;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            await session.FindAsync(sweepId);
            // Sent once: asked again after the sweep ended, it would rerun what failed in this retry.
            if (!retried)
            {
                await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Retry());
                retried = true;
                await stderr.WriteLineAsync($"sweep {sweepId}: rerunning its failed and cancelled trials in place");
            }
            return await SweepOutcome.FollowAndWriteAsync(session, sweepId, destination, stdout, stderr, cancel);
        }, cancel);
    }
}
