using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>A process's resident memory as Linux counts it (<c>/proc/PID/status</c>), in bytes.</summary>
/// <param name="Resident">VmRSS: resident now.</param>
/// <param name="Peak">VmHWM: the most it was ever resident ("high water mark").</param>
internal sealed record ProcessMemory(long Resident, long Peak)
{
    public static ProcessMemory Of(int pid)
    {
        long resident = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal)) resident = Kilobytes(line);
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) peak = Kilobytes(line);
        }
        return new ProcessMemory(resident, peak);
    }

    public static ProcessMemory OfThisProcess() => Of(Environment.ProcessId);

    // "VmRSS:\t  123456 kB"
    private static long Kilobytes(string line) =>
        1024 * long.Parse(line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
