using System.CommandLine;
using SweepCluster.Client.Commands;
using SweepCluster.Client.Console;
using SweepCluster.Engine;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Client;

/// <summary>
/// The `sweep` command line (docs/cli.md): parses the verb and its options, runs it, and turns every user mistake into
/// exit code 2 with one clear message, every other failure into exit code 1, never a stack trace.
/// </summary>
public static class SweepCommand
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
    public const int Cancelled = 3;

    /// <summary>Runs the command with standard output taken for a pipe or a file: results are written to it as JSON.</summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default) =>
        RunAsync(args, stdout, stderr, ResultConsole.Redirected, cancel);

    /// <param name="console">What standard output is: on a terminal, results are saved to a file and summarized.</param>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, ResultConsole console, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        var root = new RootCommand(Help.Root);
        foreach (var verb in Verbs(stdout, stderr, console)) root.Subcommands.Add(verb.Build());

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors) await stderr.WriteLineAsync("error: " + error.Message);
            await stderr.WriteLineAsync("Run 'sweep --help' for the verbs and their options.");
            return BadInput;
        }
        try
        {
            // Ctrl+C cancels the token; `run` then cancels its sweep and writes the result, which may take more than the
            // 2 s System.CommandLine waits by default before it gives up on the action and exits 130.
            var invocation = new InvocationConfiguration
            {
                Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(15),
            };
            return await parsed.InvokeAsync(invocation, cancel);
        }
        catch (InputException e)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return BadInput;
        }
        catch (Exception e) when (e is VerbFailure or ClusterUnavailableException)
        {
            await stderr.WriteLineAsync("error: " + e.Message);
            return Failure;
        }
        catch (OperationCanceledException)
        {
            await stderr.WriteLineAsync("cancelled.");
            return Cancelled;
        }
        catch (Exception e)
        {
            // Unforeseen: its message, on one line, without the type's name (which means nothing to a user).
            await stderr.WriteLineAsync($"failed: {(ClusterFaults.IsTransient(e) ? ClusterFaults.Describe(e) : e.Message.ReplaceLineEndings(" "))}");
            return Failure;
        }
    }

    private static IEnumerable<IVerb> Verbs(TextWriter stdout, TextWriter stderr, ResultConsole console) =>
    [
        new TrainVerb(stdout, stderr, console),
        new ValidateVerb(stdout, stderr),
        new RunVerb(stdout, stderr, console),
        new SubmitVerb(stdout, stderr),
        new WatchVerb(stderr),
        new StatusVerb(stdout, stderr),
        new ListVerb(stdout, stderr),
        new ResultsVerb(stdout, stderr),
        new CancelVerb(stdout, stderr),
        new LogsVerb(stdout, stderr),
        new RetryVerb(stdout, stderr, console),
        new RefineVerb(stdout, stderr, console),
        new ReportVerb(stderr),
        new DataVerb(stdout),
    ];
}
