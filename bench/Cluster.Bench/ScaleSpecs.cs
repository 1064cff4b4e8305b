using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// The sweeps of the scale and memory benchmarks: softmax regression on the bundled MNIST (8,000 training rows, batch
/// 64, 2,000 validation rows), whose cost is fixed by <c>maxSteps</c> whatever the η, over a log grid of η in which no
/// run diverges, so every trial trains every step.
/// </summary>
internal static class ScaleSpecs
{
    private const int StepsPerEpoch = 125;   // 8,000 rows ÷ 64

    /// <summary>
    /// A log grid of η from 1e-4 to 1e-1 with both ends: 3 × pointsPerDecade + 1 trials, so <paramref name="trials"/>
    /// rounded down to one more than a multiple of three (1,000 stays 1,000).
    /// </summary>
    public static string Grid(int trials, int steps, string optimizer = "sgd", int? concurrency = null)
    {
        var pointsPerDecade = Math.Max(1, (trials - 1) / 3);
        var limit = concurrency is int c ? string.Create(CultureInfo.InvariantCulture, $""","concurrency":{c}""") : "";
        var epochs = (steps + StepsPerEpoch - 1) / StepsPerEpoch;
        var search = string.Create(CultureInfo.InvariantCulture, $$"""{"kind":"grid","min":1e-4,"max":0.1,"pointsPerDecade":{{pointsPerDecade}}{{limit}}}""");
        return string.Create(CultureInfo.InvariantCulture,
            $$"""{"name":"bench-scale","data":{"source":"mnist","trainSize":8000,"validationSize":2000},"model":{"kind":"softmax"},"optimizer":{"kind":"{{optimizer}}"},"training":{"epochs":{{epochs}},"batchSize":64,"seed":1,"maxSteps":{{steps}}},"search":{{search}}}""");
    }

    public static int TrialsOf(int trials) => 3 * Math.Max(1, (trials - 1) / 3) + 1;
}
