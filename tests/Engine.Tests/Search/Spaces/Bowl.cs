using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>
/// A cheap stand-in for a training run: a quadratic bowl in log₁₀ η and momentum with its minimum 0 at η = 0.03,
/// momentum 0.9, and a sequential driver that asks a sampler for one point at a time.
/// </summary>
internal static class Bowl
{
    public static SearchSpace Space { get; } = new(
        new FloatDimension("learningRate", 1e-5, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99));

    public static double Loss(SearchPoint p) => Math.Pow(Math.Log10(p[0] / 0.03), 2) + 4 * Math.Pow(p[1] - 0.9, 2);

    /// <summary>The best loss after <paramref name="trials"/> sequential trials.</summary>
    public static double BestAfter(ISearchSampler sampler, int trials)
    {
        var observations = new List<TrialObservation>();
        double best = double.PositiveInfinity;
        for (int k = 0; k < trials; k++)
        {
            var point = sampler.Propose(k, observations);
            double loss = Loss(point);
            best = Math.Min(best, loss);
            observations.Add(TrialObservation.Completed(point, loss));
        }
        return best;
    }
}
