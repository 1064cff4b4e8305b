using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Trials for the cluster tests. Long ones train a small logistic regression (62 steps and one history point per
/// epoch, a few ms per epoch), not the quadratic: the quadratic's epoch is a single step, so a run long enough to act
/// on recorded hundreds of thousands of epoch points (tens of MB of Trial JSON per trial, written to Redis and sent
/// back by GetResult), and the Engine got fast enough that 1M quadratic epochs no longer lasted even two seconds.
/// </summary>
public static class Specs
{
    /// <summary>Training steps in one epoch of <see cref="Long"/>: ⌈(4000 − 64 validation rows) / 64⌉.</summary>
    public const int StepsPerLongEpoch = 62;

    public static string Quadratic(int epochs) =>
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd","learningRate":0.01},"training":{"epochs":"""
        + epochs + "}}";

    public static string Logistic(int epochs) =>
        """{"name":"l","data":{"source":"synthetic","task":"logistic","samples":4000,"features":200,"validationSize":64},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd","learningRate":0.01},"training":{"batchSize":64,"epochs":"""
        + epochs + "}}";

    /// <summary>
    /// A coarse-to-fine sweep of logistic runs of about a second each on a free core (1000 epochs of 32 steps, several
    /// seconds on a busy one): three coarse rates, then the two between the best one's neighbours. Long enough to kill a
    /// silo in the middle of a run.
    /// </summary>
    public const string SecondsLongCoarseToFine =
        """{"name":"kill","data":{"source":"synthetic","task":"logistic","samples":3000,"features":100,"noise":1,"seed":3,"validationSize":1000},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":1000,"seed":1},"search":{"kind":"coarse-to-fine","min":0.001,"max":0.1,"pointsPerDecade":1,"refinements":1,"pointsPerRefinement":3,"metric":"validationLoss"}}""";

    /// <summary>A few milliseconds of training.</summary>
    public static TrialStart Short(string sweepId = "s-test", int stage = 0) => Start(sweepId, Quadratic(300), 0.01, stage);

    /// <summary>
    /// About 5 ms per epoch on one free core (slower when cores are shared). The default runs for hours: it ends when
    /// the test cancels or stops it, however fast the machine is.
    /// </summary>
    public static TrialStart Long(int epochs = 1_000_000, string sweepId = "s-test") => Start(sweepId, Logistic(epochs), 0.01);

    /// <summary>The start of arm 0's trial of <paramref name="specJson"/> at η = <paramref name="learningRate"/>, as a coordinator resolves it.</summary>
    public static TrialStart Start(string sweepId, string specJson, double learningRate, int stage = 0) =>
        TrialStart.Of(sweepId, Engine.Spec.SpecParser.Parse(specJson),
            new Engine.Search.TrialRequest(Engine.Search.TrialRequest.KeyOf(0, stage, 0), 0, stage, learningRate, Engine.Search.TrialPurpose.Train));

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}
