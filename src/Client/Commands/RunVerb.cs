using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep run SPEC.json [CONNECTION] [--out FILE]`: submits a sweep to the sweep coordinator grain (an embedded
/// single silo by default), shows progress on standard error until it ends, and writes the Sweep result (CONTRACT §4).
/// Ctrl+C asks the sweep to cancel and exits 3.
/// </summary>
public sealed class RunVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var output = CommonOptions.Out();
        var connection = ConnectionOptions.Embedded("run");
        var command = new Command("run", "submit a sweep, show live progress, wait, and write the Sweep result") { spec, output };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(parsed.GetValue(spec)!, connection, parsed, parsed.GetValue(output), cancel));
        return command;
    }

    private async Task<int> RunAsync(string path, ConnectionOptions connection, ParseResult parsed, string? output, CancellationToken cancel)
    {
        var spec = SweepSubmission.Read(path);
        var sweepId = SweepIds.New();
        var submitted = false;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            if (!submitted)
            {
                await SweepSubmission.SubmitAsync(session, spec, sweepId);
                submitted = true;
                await stderr.WriteLineAsync($"sweep {sweepId} ({spec.Name}) submitted to {session.Target}");
            }
            return await SweepOutcome.FollowAndWriteAsync(session, sweepId, output, stdout, stderr, cancel);
        }, cancel);
    }
}
