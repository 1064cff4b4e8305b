namespace SweepCluster.Cluster.Bench;

/// <summary>The sweeps the benchmark submits (specs as docs/spec.md describes them).</summary>
internal static class BenchSpecs
{
    /// <summary>Four optimizers, each with its own search over η: the coordinator keeps one search per arm.</summary>
    public const string FourArms =
        """[{"name":"sgd"},{"name":"momentum","optimizer":{"kind":"sgd","momentum":0.9}},{"name":"adam","optimizer":{"kind":"adam"}},{"name":"rmsprop","optimizer":{"kind":"rmsprop"}}]""";

    /// <summary>
    /// ½xᵀQx with eigenvalues 1, 10, 40 and no data: a trial of a few dozen epochs trains in microseconds, so a sweep of
    /// them is nothing but coordination. Above η = 0.05 the runs diverge, which the search handles like any other end.
    /// </summary>
    public static string Quadratic(string search, int epochs = 30) =>
        $$"""{"name":"bench-quadratic","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":{{epochs}}},"search":{{search}}}""";

    /// <summary>Softmax regression on the bundled MNIST, batch 64, 2,000 validation rows.</summary>
    public static string Softmax(string search, int trainSize, int epochs) =>
        $$"""{"name":"bench-softmax","data":{"source":"mnist","trainSize":{{trainSize}},"validationSize":2000},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd"},"training":{"epochs":{{epochs}},"batchSize":64,"seed":1},"search":{{search}}}""";
}
