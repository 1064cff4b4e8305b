using System.Diagnostics;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>Prometheus' own checker, the real binary (Debian package prometheus).</summary>
public static class Promtool
{
    public const string Install = "apt-get install -y --no-install-recommends prometheus";

    /// <summary><c>promtool check config FILE</c>: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> CheckConfigAsync(string configFile)
    {
        var start = new ProcessStartInfo(Executables.Find("promtool", Install))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "check", "config", configFile }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (process.ExitCode, await stdout + await stderr);
    }
}
