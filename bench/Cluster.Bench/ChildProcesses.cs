using System.Collections.Concurrent;
using System.Diagnostics;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// Every process the benchmark starts, so that none outlives it: each is killed by its own PID when its owner is
/// disposed, and any left when the benchmark exits or is interrupted (Ctrl+C, an exception that escapes) are killed then.
/// </summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Running = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
        Console.CancelKeyPress += (_, _) => KillAll();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        Running[process.Id] = process;
        return process;
    }

    /// <summary>Kills <paramref name="process"/> (it alone, not its children: there are none) and waits for its exit.</summary>
    public static async Task KillAsync(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It had already gone.
        }
        finally
        {
            Running.TryRemove(process.Id, out _);
            process.Dispose();
        }
    }

    private static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: false);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
