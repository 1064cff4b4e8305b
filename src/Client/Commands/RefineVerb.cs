using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep refine ID [CONNECTION] [--refinements N] [--points N] [--out FILE]`: a new sweep that continues the finished
/// grid or coarse-to-fine sweep ID around its best η, reusing its finished trials; followed and written like `run`.
/// </summary>
public sealed class RefineVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build()
    {
        var id = CommonOptions.SweepIdArgument();
        var refinements = new Option<string?>("--refinements") { Description = "how many more refinements (default: the parent's, at least 1)" };
        var points = new Option<string?>("--points") { Description = "points per refinement (default: the parent's pointsPerRefinement)" };
        var output = CommonOptions.Out();
        var connection = ConnectionOptions.Standing("refine");
        var command = new Command("refine", "a new sweep refining a finished one around its best η, then wait and write its Sweep result")
            { id, refinements, points, output };
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => RunAsync(
            SweepIds.Check(parsed.GetValue(id)!),
            CommonOptions.PositiveInteger(parsed.GetValue(refinements), "--refinements", 2),
            CommonOptions.PositiveInteger(parsed.GetValue(points), "--points", 5),
            parsed.GetValue(output), connection, parsed, cancel));
        return command;
    }

    private async Task<int> RunAsync(
        string parentId, int? refinements, int? points, string? output, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        await using var session = await connection.OpenAsync(parsed, cancel);
        await session.FindAsync(parentId);
        var sweepId = SweepIds.New();
        await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Refine(parentId, refinements, points));
        await stderr.WriteLineAsync($"sweep {sweepId} refines {parentId}, on {session.Target}");
        return await SweepOutcome.FollowAndWriteAsync(session, sweepId, output, stdout, stderr, cancel);
    }
}
