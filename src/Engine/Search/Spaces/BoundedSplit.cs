using System.Buffers;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// TPE's split of many observations in time and memory that do not grow with their number beyond one pass: the best
/// few ("good") exactly as <see cref="TpeSampler.Split"/> picks them, and the rest ("bad") represented by at most
/// <see cref="TpeSettings.BadSample"/> of them.
/// </summary>
/// <remarks>
/// The bad observations, in proposal order, are cut into that many runs of (nearly) equal length; each run is
/// represented by its newest observation, weighted by the sum of the run's weights (<see cref="TpeSettings.Weights"/>),
/// so every run keeps its share of g(x) and the prior keeps its own. This approximates g(x): it is a density of a
/// thinned history. Optuna's weights already ramp old observations down, so g(x) is a smoothed, recency-weighted
/// picture of where the bad trials were; an evenly spaced subsample of thousands of them draws much the same picture.
/// Deterministic: it depends on the observations in order alone.
/// </remarks>
internal static class BoundedSplit
{
    /// <param name="ranks">Every observation's rank in proposal order, <see cref="ObservationRank.Unranked"/> for failed ones.</param>
    public static (int[] Good, int[] Bad, double[] BadWeights) Of(ReadOnlySpan<ObservationRank> ranks, int goodCount, int badSample)
    {
        // The best goodCount by a bounded heap whose root is the worst kept.
        var kept = new PriorityQueue<int, ObservationRank>(goodCount + 1, Comparer<ObservationRank>.Create((x, y) => y.CompareTo(x)));
        int ranked = 0;
        var worst = default(ObservationRank);
        foreach (var rank in ranks)
        {
            if (!rank.IsRanked) continue;
            int i = rank.Index;
            ranked++;
            if (kept.Count < goodCount)
            {
                kept.Enqueue(i, rank);
                if (kept.Count == goodCount) kept.TryPeek(out _, out worst);
            }
            else if (goodCount > 0 && rank.CompareTo(worst) < 0)
            {
                kept.DequeueEnqueue(i, rank);
                kept.TryPeek(out _, out worst);
            }
        }
        var good = new int[kept.Count];
        for (int k = 0; k < good.Length; k++) good[k] = kept.Dequeue();
        Array.Sort(good);

        int badCount = ranked - good.Length;
        int runs = Math.Min(badSample, badCount);
        var bad = new int[runs];
        var badWeights = new double[runs];
        if (runs == 0) return (good, bad, badWeights);
        var weights = ArrayPool<double>.Shared.Rent(badCount);
        try
        {
            TpeSettings.Weights(badCount, weights.AsSpan(0, badCount));
            // Run r holds positions [⌈r·bad/runs⌉, ⌈(r + 1)·bad/runs⌉): position p falls in run ⌊p·runs/bad⌋.
            int position = 0, nextGood = 0, run = 0;
            long nextRun = RunStart(1, runs, badCount);
            for (int i = 0; i < ranks.Length; i++)
            {
                if (nextGood < good.Length && good[nextGood] == i) { nextGood++; continue; }
                if (!ranks[i].IsRanked) continue;
                while (position >= nextRun) nextRun = RunStart(++run + 1, runs, badCount);
                bad[run] = i;
                badWeights[run] += weights[position];
                position++;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(weights);
        }
        return (good, bad, badWeights);
    }

    private static long RunStart(int run, int runs, int badCount) => ((long)run * badCount + runs - 1) / runs;
}
