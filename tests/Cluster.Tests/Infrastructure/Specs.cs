using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>Trials that take a known while: the quadratic has no data, one epoch is one step .</summary>
public static class Specs
{
    public static string Quadratic(int epochs) =>
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd","learningRate":0.01},"training":{"epochs":"""
        + epochs + "}}";

    /// <summary>A few milliseconds of training.</summary>
    public static TrialStart Short(string sweepId = "s-test", int stage = 0) => new(sweepId, 0, stage, 0.01, Quadratic(300));

    /// <summary>About 10 s of training by default (~90k steps/s in a Debug build): long enough to act on while it runs.</summary>
    public static TrialStart Long(int epochs = 1_000_000, string sweepId = "s-test") => new(sweepId, 0, 0, 0.01, Quadratic(epochs));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
