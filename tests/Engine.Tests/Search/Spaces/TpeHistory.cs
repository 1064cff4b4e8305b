using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>
/// A fixed long history on the five parameters of the contract's example search: random points scored by a bowl,
/// with every kind of observation mixed in (pruned at several steps, failed, diverged, in flight at the end).
/// </summary>
internal static class TpeHistory
{
    public static SearchSpace Space { get; } = new(
        new FloatDimension("learningRate", 1e-5, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99),
        new FloatDimension("optimizer.weightDecay", 1e-6, 1e-2, log: true),
        new CategoricalDimension("training.batchSize", [ParameterValue.Of(32), ParameterValue.Of(64), ParameterValue.Of(128), ParameterValue.Of(256)]),
        new IntegerDimension("schedule.warmup.steps", 0, 500));

    public static double Loss(SearchPoint p) =>
        Math.Pow(Math.Log10(p[0] / 0.03), 2) + 4 * Math.Pow(p[1] - 0.9, 2) + 0.1 * Math.Pow(Math.Log10(p[2] / 1e-4), 2)
        + (p[3] == 1 ? 0 : 0.05) + Math.Pow((p[4] - 100) / 500, 2);

    /// <summary><paramref name="count"/> observations, the last <paramref name="inFlight"/> of them in flight.</summary>
    public static List<TrialObservation> Of(int count, int inFlight = 8)
    {
        var random = new RandomSampler(Space, seed: 11);
        var observations = new List<TrialObservation>(count);
        for (int k = 0; k < count; k++)
        {
            var p = random.Propose(k, []);
            observations.Add(k >= count - inFlight ? TrialObservation.InFlight(p)
                : k % 11 == 5 ? TrialObservation.Failed(p)
                : k % 13 == 6 ? TrialObservation.Diverged(p)
                : k % 7 == 3 ? TrialObservation.Pruned(p, 1 + k % 5, k % 3 == 0 ? double.NaN : Loss(p) + 1)
                : TrialObservation.Completed(p, Loss(p)));
        }
        return observations;
    }
}
