using System.Diagnostics;
using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// `sweep results ID --gateway 127.0.0.1:PORT --out FILE [--format csv]` as a process of its own (the `sweep` build
/// copied beside this one), timed from start to exit, with its peak resident memory: what a user's command costs.
/// </summary>
internal sealed class SweepProcess(string sweepId, int gatewayPort, string format, string output)
{
    // The kernel's high-water mark of the process's resident memory only grows: its last reading is its peak.
    private static readonly TimeSpan ReadEvery = TimeSpan.FromMilliseconds(20);

    public string SweepId => sweepId;

    public async Task<(double Seconds, long PeakBytes)> RunAsync()
    {
        var sweep = Path.Combine(AppContext.BaseDirectory, "sweep.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { sweep, "results", sweepId, "--gateway", $"127.0.0.1:{gatewayPort}", "--format", format, "--out", output },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("`sweep` did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        long peak = 0;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, PeakResident(process.Id));
            await Task.Delay(ReadEvery);
        }
        await process.WaitForExitAsync();
        var seconds = clock.Elapsed.TotalSeconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"`sweep results` exited {process.ExitCode}: {await stderr}{await stdout}");
        return (seconds, peak);
    }

    /// <summary>VmHWM of /proc/PID/status in bytes; 0 once the process is gone.</summary>
    private static long PeakResident(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
