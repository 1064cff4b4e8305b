using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>The action of a verb about one existing sweep, given its checked id.</summary>
internal delegate Task<int> SweepAction(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel);

/// <summary>The action of a verb given a results file where a sweep id is expected (`retry`, `refine`).</summary>
internal delegate Task<int> ResultsFileAction(string path, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel);

/// <summary>
/// The command of a verb about one existing sweep (`watch`, `status`, `results`, `cancel`, `retry`, `refine`): its ID
/// argument, CONNECTION with the defaults of a sweep that outlives the command, and the verb's own options.
/// </summary>
internal static class SweepVerbCommand
{
    public static Command Create(string name, string description, SweepAction action, params Option[] options) =>
        Create(name, description, action, null, options);

    /// <param name="fileAction">What to do when ID names an existing file (a Sweep result); null: ID is always a sweep id.</param>
    public static Command Create(string name, string description, SweepAction action, ResultsFileAction? fileAction, params Option[] options)
    {
        var id = fileAction is null ? CommonOptions.SweepIdArgument()
            : new Argument<string>("ID") { Description = "the sweep's id (e.g. s-1234abcd), or a results file of one, worked on in this process" };
        var connection = ConnectionOptions.Standing(name);
        var command = new Command(name, description) { id };
        foreach (var option in options) command.Options.Add(option);
        connection.AddTo(command);
        command.SetAction((parsed, cancel) =>
        {
            var given = parsed.GetValue(id)!;
            return fileAction is not null && ResultsFile.Names(given)
                ? fileAction(given, connection, parsed, cancel)
                : action(SweepIds.Check(given), connection, parsed, cancel);
        });
        return command;
    }
}
