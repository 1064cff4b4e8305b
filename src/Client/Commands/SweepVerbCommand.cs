using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>The action of a verb about one existing sweep, given its checked id.</summary>
internal delegate Task<int> SweepAction(string sweepId, ConnectionOptions connection, ParseResult parsed, CancellationToken cancel);

/// <summary>
/// The command of a verb about one existing sweep (`watch`, `status`, `results`, `cancel`, `retry`, `refine`): its ID
/// argument, CONNECTION with the defaults of a sweep that outlives the command, and the verb's own options.
/// </summary>
internal static class SweepVerbCommand
{
    public static Command Create(string name, string description, SweepAction action, params Option[] options)
    {
        var id = CommonOptions.SweepIdArgument();
        var connection = ConnectionOptions.Standing(name);
        var command = new Command(name, description) { id };
        foreach (var option in options) command.Options.Add(option);
        connection.AddTo(command);
        command.SetAction((parsed, cancel) => action(SweepIds.Check(parsed.GetValue(id)!), connection, parsed, cancel));
        return command;
    }
}
