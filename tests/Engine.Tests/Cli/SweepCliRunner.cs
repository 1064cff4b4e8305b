using SweepCluster.Client;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>Runs the `sweep` command in-process with captured output, as dotnet/sdk's tests drive their CLI.</summary>
internal static class SweepCliRunner
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
