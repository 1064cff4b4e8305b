namespace SweepCluster.Cluster.Bench;

/// <summary>The modes that run real silo processes and a real Redis (<see cref="ScaleBenchmark"/>, <see cref="MemoryBenchmark"/>).</summary>
internal static class ProcessBenchmarks
{
    public static async Task<int> RunAsync(string mode, ScaleOptions options, TextWriter output)
    {
        output.WriteLine($"# Cluster benchmark ({mode}) · {Machine.Describe()} · load average before {Machine.LoadAverage()}");
        output.WriteLine();
        if (mode == "scale") await ScaleBenchmark.RunAsync(options, output);
        else await MemoryBenchmark.RunAsync(options, output);
        output.WriteLine($"load average after: {Machine.LoadAverage()}");
        return 0;
    }
}
