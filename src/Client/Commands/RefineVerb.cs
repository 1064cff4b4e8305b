using System.CommandLine;
using SweepCluster.Client.Console;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep refine ID|RESULTS.json [CONNECTION] [--refinements N] [--points N] [--out FILE]`: a new sweep that continues
/// the finished grid or coarse-to-fine sweep ID around its best η, reusing its finished trials; followed and written
/// like `run`. A results file is refined in this process.
/// </summary>
public sealed class RefineVerb(TextWriter stdout, TextWriter stderr, ResultConsole console) : IVerb
{
    private readonly Option<string?> _refinements = new("--refinements") { Description = "how many more refinements (default: the parent's search.refinements, at least 1; 2 after a grid)" };
    private readonly Option<string?> _points = new("--points") { Description = "points per refinement (default: the parent's search.pointsPerRefinement; 5 after a grid)" };
    private readonly Option<string?> _output = CommonOptions.Out();

    public Command Build() => SweepVerbCommand.Create(
        "refine", "a new sweep refining a finished one around its best η, then wait and write its Sweep result", RunAsync, RunFileAsync, _refinements, _points, _output);

    /// <summary>A results file: the refinement runs in this process, reusing the file's trials.</summary>
    private Task<int> RunFileAsync(string path, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        var refinements = CommonOptions.PositiveInteger(parsed.GetValue(_refinements), "--refinements", 2);
        var points = CommonOptions.PositiveInteger(parsed.GetValue(_points), "--points", 5);
        return LocalResultsRun.RunAsync(path, connection, parsed, ResultDestination.Choose(parsed.GetValue(_output), console), stdout, stderr,
            (parent, runner, token) => runner.Refine(parent, SweepIds.New(), refinements, points, token), cancel);
    }

    private async Task<int> RunAsync(string parentId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel)
    {
        // Checked before connecting: a mistake is exit 2 whether or not a cluster answers.
        var refinements = CommonOptions.PositiveInteger(parsed.GetValue(_refinements), "--refinements", 2);
        var points = CommonOptions.PositiveInteger(parsed.GetValue(_points), "--points", 5);
        var destination = ResultDestination.Choose(parsed.GetValue(_output), console);
        // Minted once: asked again under the same id, the coordinator answers with the refinement already begun.
        var sweepId = SweepIds.New();
        var begun = false;
        return await connection.RunAsync(parsed, stderr, async session =>
        {
            if (!begun)
            {
                await session.FindAsync(parentId);
                await GrainErrors.AsUserErrors(session.Coordinator(sweepId).Refine(parentId, refinements, points));
                begun = true;
                await stderr.WriteLineAsync($"sweep {sweepId} refines {parentId}, on {session.Target}");
            }
            return await SweepOutcome.FollowAndWriteAsync(session, sweepId, destination, stdout, stderr, cancel);
        }, cancel);
    }
}
