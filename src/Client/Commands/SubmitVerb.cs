using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep submit SPEC.json [CONNECTION]`: checks the spec exactly as `run` does, submits it, and prints only the new
/// sweep's id on standard output, for scripts (<c>id=$(sweep submit spec.json)</c>).
/// </summary>
public sealed class SubmitVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var connection = ConnectionOptions.Standing("submit");
        var command = new Command("submit", "submit a sweep to a running cluster and print its id") { spec };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(parsed.GetValue(spec)!, connection, parsed, cancel));
        return command;
    }

    private async Task<int> RunAsync(string path, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var spec = SweepSubmission.Read(path);
        var sweepId = SweepIds.New();
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            await SweepSubmission.SubmitAsync(session, spec, sweepId);
            await stdout.WriteLineAsync(sweepId);
            await stderr.WriteLineAsync($"sweep {sweepId} ({spec.Name}) submitted to {session.Target}; `sweep watch {sweepId}` follows it.");
            return SweepCommand.Ok;
        }, cancel);
    }
}
