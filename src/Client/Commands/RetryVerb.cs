using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep retry ID [CONNECTION] [--out FILE]`: reruns, in place, the failed and cancelled trials of a sweep, then
/// follows and writes it like `run` (Ctrl+C cancels it).
/// </summary>
public sealed class RetryVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build()
    {
        var id = CommonOptions.SweepIdArgument();
        var output = CommonOptions.Out();
        var connection = ConnectionOptions.Standing("retry");
        var command = new Command("retry", "rerun a sweep's failed and cancelled trials in place, then wait and write the Sweep result") { id, output };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(SweepIds.Check(parsed.GetValue(id)!), parsed.GetValue(output), connection, parsed, cancel));
        return command;
    }

    private async Task<int> RunAsync(string sweepId, string? output, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        await using var session = await connection.OpenAsync(parsed, cancel);
        await session.FindAsync(sweepId);
        await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Retry());
        await stderr.WriteLineAsync($"sweep {sweepId}: rerunning its failed and cancelled trials in place");
        return await SweepOutcome.FollowAndWriteAsync(session, sweepId, output, stdout, stderr, cancel);
    }
}
