using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep retry ID [CONNECTION] [--out FILE]`: reruns, in place, the failed and cancelled trials of a sweep, then
/// follows and writes it like `run` (Ctrl+C cancels it).
/// </summary>
public sealed class RetryVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    private readonly Option<string?> _output = CommonOptions.Out();

    public Command Build() =>
        SweepVerbCommand.Create("retry", "rerun a sweep's failed and cancelled trials in place, then wait and write the Sweep result", RunAsync, _output);

    private async Task<int> RunAsync(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        await using var session = await connection.OpenAsync(parsed, cancel);
        await session.FindAsync(sweepId);
        await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Retry());
        await stderr.WriteLineAsync($"sweep {sweepId}: rerunning its failed and cancelled trials in place");
        return await SweepOutcome.FollowAndWriteAsync(session, sweepId, parsed.GetValue(_output), stdout, stderr, cancel);
    }
}
