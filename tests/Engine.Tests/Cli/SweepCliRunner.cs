using SweepCluster.Client;
using SweepCluster.Client.Console;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>Runs the `sweep` command in-process with captured output, as dotnet/sdk's tests drive their CLI.</summary>
internal static class SweepCliRunner
{
    /// <summary>Standard output taken for a pipe: results are written to it as JSON.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args) =>
        RunAsync(ResultConsole.Redirected, new StringWriter(), TestContext.Current.CancellationToken, args);

    /// <summary>Standard output taken for a terminal: results are saved under <paramref name="savedFolder"/> and summarized.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunOnTerminalAsync(string savedFolder, params string[] args) =>
        RunAsync(new ResultConsole(StdoutIsTerminal: true, savedFolder), new StringWriter(), TestContext.Current.CancellationToken, args);

    /// <param name="stderr">Where standard error goes, e.g. a writer that presses Ctrl+C on a given line.</param>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        ResultConsole console, StringWriter stderr, CancellationToken cancel, params string[] args)
    {
        using var stdout = new StringWriter();
        using (stderr)
        {
            var code = await SweepCommand.RunAsync(args, stdout, stderr, console, cancel);
            return (code, stdout.ToString(), stderr.ToString());
        }
    }
}
