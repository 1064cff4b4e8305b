namespace SweepCluster.Cluster.Bench;

/// <summary>What the figures were measured on, and how busy it was (other engineers share these cores).</summary>
internal static class Machine
{
    public static string Describe() => $"{Environment.Version} · {CpuName()} · {Environment.ProcessorCount} cores";

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string CpuName() => File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':')[1].Trim() ?? "cpu"
        : "cpu";
}
