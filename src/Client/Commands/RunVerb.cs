using System.CommandLine;
using SweepCluster.Grains.Connection;
using SweepCluster.Client.Console;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep run SPEC.json [CONNECTION] [--out FILE]`: submits a sweep to the sweep coordinator grain (an embedded
/// single silo by default), shows progress on standard error until it ends, and writes the Sweep result
/// (docs/results.md) where <see cref="ResultDestination"/> says. Ctrl+C asks the sweep to cancel and exits 3.
/// </summary>
public sealed class RunVerb(TextWriter stdout, TextWriter stderr, ResultConsole console) : IVerb
{
    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var output = CommonOptions.Out();
        var connection = ConnectionOptions.Embedded("run");
        var command = new Command("run", "submit a sweep, show live progress, wait, and write the Sweep result (docs/cli.md)") { spec, output };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(parsed.GetValue(spec)!, connection, parsed, parsed.GetValue(output), cancel));
        return command;
    }

    private async Task<int> RunAsync(string path, ConnectionOptions connection, ParseResult parsed, string? output, CancellationToken cancel)
    {
        var spec = SweepSubmission.Read(path);
        var destination = ResultDestination.Choose(output, console);
        // An embedded silo takes a few seconds to start: say so rather than sit silent.
        if (connection.Resolve(parsed) is ClusterTarget.Local) await stderr.WriteLineAsync("starting an embedded silo in this process ...");
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
            return await SweepOutcome.FollowAndWriteAsync(session, sweepId, destination, stdout, stderr, cancel);
        }, cancel);
    }
}
