using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>Small sweep specs for search tests, and a driver that feeds a search made-up outcomes.</summary>
internal static class Sweeps
{
    /// <summary>½xᵀQx with eigenvalues 1, 10, 40 (L = 40, μ = 1, 2/L = 0.05) from x0 = ones; one epoch is one step.</summary>
    public static SweepSpec Quadratic(string search, int epochs = 30, string optimizer = """{ "kind": "sgd" }""") => Specs.Object($$"""
        { "name": "q", "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] },
          "optimizer": {{optimizer}}, "training": { "epochs": {{epochs}} }, "search": {{search}} }
        """).Parse();

    /// <summary>Softmax regression on the bundled MNIST digits, SGD, batch 64.</summary>
    public static SweepSpec Mnist(string search, int epochs = 1, int trainSize = 2000, int validationSize = 1000) => Specs.Object($$"""
        { "name": "m", "data": { "source": "mnist", "trainSize": {{trainSize}}, "validationSize": {{validationSize}} },
          "model": { "kind": "softmax" }, "optimizer": { "kind": "sgd" },
          "training": { "epochs": {{epochs}}, "batchSize": 64, "seed": 1 }, "search": {{search}} }
        """).Parse();

    /// <summary>
    /// Runs <paramref name="search"/> to the end, issuing up to <paramref name="capacity"/> at a time and reporting the
    /// in-flight runs in the order <paramref name="order"/> picks (default: oldest first). Returns every request issued.
    /// </summary>
    public static List<TrialRequest> Drive(
        SweepSearch search,
        Func<TrialRequest, TrialOutcome> outcome,
        int capacity = int.MaxValue,
        Func<IReadOnlyList<TrialRequest>, int>? order = null,
        Func<TrialRequest, LrFinderResult>? rangeTest = null)
    {
        var issued = new List<TrialRequest>();
        var inFlight = new List<TrialRequest>();
        while (!search.IsComplete)
        {
            var next = search.Next(capacity - inFlight.Count);
            issued.AddRange(next);
            inFlight.AddRange(next);
            Assert.NotEmpty(inFlight);
            var at = order?.Invoke(inFlight) ?? 0;
            var request = inFlight[at];
            inFlight.RemoveAt(at);
            if (request.Purpose == TrialPurpose.RangeTest) search.ReportRangeTest(request.Key, (rangeTest ?? (_ => RangeTestAt(0.1)))(request));
            else search.Report(outcome(request));
        }
        return issued;
    }

    /// <summary>A made-up outcome: completed, with the given losses (validation loss defaults to the train loss).</summary>
    public static TrialOutcome Completed(TrialRequest r, double trainLoss, double? validationLoss = null, TrialStatus status = TrialStatus.Completed, double initialLoss = 2.3) =>
        new(r.Key, r.Arm, r.Stage, r.LearningRate, status, trainLoss, validationLoss ?? trainLoss, null, 1, initialLoss, Verdict.Good, 0.5);

    public static TrialOutcome Diverged(TrialRequest r) =>
        new(r.Key, r.Arm, r.Stage, r.LearningRate, TrialStatus.Diverged, null, null, null, 0, 2.3, Verdict.Diverged, 0.1);

    /// <summary>A made-up range test whose suggestions are all <paramref name="suggested"/>.</summary>
    public static LrFinderResult RangeTestAt(double suggested) =>
        new([new LrFinderPoint(0, 1e-7, 2.3, 2.3)], new LrSuggestions(suggested, suggested, suggested), suggested, 0.2);

    /// <summary>A loss with its minimum at η = <paramref name="optimum"/>, a parabola in log η.</summary>
    public static double Bowl(double rate, double optimum) => 0.1 + Math.Pow(Math.Log10(rate / optimum), 2);
}
