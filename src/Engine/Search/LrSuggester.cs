using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// fastai's suggestions from an LR range test's smoothed loss. Like fastai's <c>lr_find</c>, the first steps/10 points
/// and the last 5 are left out first (the start is flat noise, the end is the blow-up); when that leaves fewer than two
/// points (a test that stopped early), the whole curve is used.
/// </summary>
public static class LrSuggester
{
    public const int SkipEnd = 5;

    /// <summary>The three suggestions; <paramref name="fallback"/> (the ramp's first rate) for a curve with no points.</summary>
    public static LrSuggestions Suggest(IReadOnlyList<LrFinderPoint> curve, int steps, double fallback)
    {
        if (curve.Count == 0) return new LrSuggestions(fallback, fallback / 10, fallback);
        var (rates, losses) = Trim(curve, steps);
        return new LrSuggestions(Steepest(rates, losses), MinimumOver10(rates, losses), Valley(rates, losses));
    }

    /// <summary>The points suggestions are computed from: [steps/10, count−5), or all of them when that is too short.</summary>
    public static (double[] Rates, double[] Losses) Trim(IReadOnlyList<LrFinderPoint> curve, int steps)
    {
        int start = steps / 10, end = curve.Count - SkipEnd;
        if (end - start < 2) (start, end) = (0, curve.Count);
        var rates = new double[end - start];
        var losses = new double[end - start];
        for (var i = start; i < end; i++)
        {
            rates[i - start] = curve[i].LearningRate;
            losses[i - start] = curve[i].SmoothedLoss;
        }
        return (rates, losses);
    }

    /// <summary>
    /// The rate where the loss falls fastest against log η: the most negative of np.gradient(losses, log(rates)),
    /// second-order central differences inside, one-sided at the ends; the first one on ties.
    /// </summary>
    public static double Steepest(ReadOnlySpan<double> rates, ReadOnlySpan<double> losses)
    {
        var n = CheckLengths(rates, losses);
        if (n == 1) return rates[0];
        var best = 0;
        var bestSlope = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            double slope;
            if (i == 0) slope = (losses[1] - losses[0]) / (Math.Log(rates[1]) - Math.Log(rates[0]));
            else if (i == n - 1) slope = (losses[i] - losses[i - 1]) / (Math.Log(rates[i]) - Math.Log(rates[i - 1]));
            else
            {
                double dx1 = Math.Log(rates[i]) - Math.Log(rates[i - 1]), dx2 = Math.Log(rates[i + 1]) - Math.Log(rates[i]);
                slope = -dx2 / (dx1 * (dx1 + dx2)) * losses[i - 1]
                        + (dx2 - dx1) / (dx1 * dx2) * losses[i]
                        + dx1 / (dx2 * (dx1 + dx2)) * losses[i + 1];
            }
            if (slope < bestSlope) (best, bestSlope) = (i, slope);
        }
        return rates[best];
    }

    /// <summary>The rate at the lowest loss (the first on ties), divided by 10.</summary>
    public static double MinimumOver10(ReadOnlySpan<double> rates, ReadOnlySpan<double> losses)
    {
        var n = CheckLengths(rates, losses);
        var best = 0;
        for (var i = 1; i < n; i++)
            if (losses[i] < losses[best]) best = i;
        return rates[best] / 10;
    }

    /// <summary>
    /// A drop counts in <see cref="Valley"/> only beyond this fraction of the curve's range (max − min): shallower
    /// changes are flat.
    /// </summary>
    public const double ValleyFloor = 0.01;

    /// <summary>
    /// fastai's valley: lds[i] is the length of the longest decreasing subsequence of the losses ending at i; the valley
    /// ends at the first i with the largest lds and starts lds[end] before it (fastai's reckoning); the suggestion is the
    /// rate at start + ⌊len/3⌋ + ⌊len/6⌋, len = end − start, about halfway along it.
    /// </summary>
    /// <remarks>
    /// Two departures from fastai. A step down counts only when it is deeper than <see cref="ValleyFloor"/> of the
    /// curve's range: a model whose start is noise-free (a zero-initialised softmax gives exactly ln 10 on every batch)
    /// creeps down by 1e-6 per step over the flat start, and fastai would take that creep for the valley and suggest a
    /// rate a hundred times too small; real descents are unaffected. And where fastai's index would be −1 (a valley
    /// of under three points from the first point, which Python reads as the last point) it is 0.
    /// O(n log n) with a Fenwick tree of prefix maxima over loss ranks, instead of fastai's O(n²).
    /// </remarks>
    public static double Valley(ReadOnlySpan<double> rates, ReadOnlySpan<double> losses)
    {
        var n = CheckLengths(rates, losses);
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var loss in losses)
        {
            low = Math.Min(low, loss);
            high = Math.Max(high, loss);
        }
        var lds = LongestDecreasingEndingAt(losses, ValleyFloor * (high - low));
        var maxEnd = 0;
        for (var i = 1; i < n; i++)
            if (lds[i] > lds[maxEnd]) maxEnd = i;
        var maxStart = maxEnd - lds[maxEnd];
        var sections = (maxEnd - maxStart) / 3.0;
        var index = maxStart + (int)sections + (int)(sections / 2);
        return rates[Math.Clamp(index, 0, n - 1)];
    }

    /// <summary>For each i, 1 + the largest lds[j] over j &lt; i with losses[j] &gt; losses[i] + <paramref name="floor"/>.</summary>
    internal static int[] LongestDecreasingEndingAt(ReadOnlySpan<double> losses, double floor = 0)
    {
        var n = losses.Length;
        var sorted = losses.ToArray();
        Array.Sort(sorted);
        var distinct = sorted.Length == 0 ? 0 : 1;
        for (var i = 1; i < sorted.Length; i++)
            if (sorted[i] != sorted[distinct - 1]) sorted[distinct++] = sorted[i];
        // Fenwick tree over descending rank (0 = the largest loss): a prefix maximum is the best lds among larger losses.
        var tree = new int[distinct + 1];
        var lds = new int[n];
        for (var i = 0; i < n; i++)
        {
            var above = distinct - UpperBound(sorted.AsSpan(0, distinct), losses[i] + floor);
            var longest = 0;
            for (var k = above; k > 0; k -= k & -k) longest = Math.Max(longest, tree[k]);
            lds[i] = longest + 1;
            var descending = distinct - 1 - Array.BinarySearch(sorted, 0, distinct, losses[i]);
            for (var k = descending + 1; k <= distinct; k += k & -k) tree[k] = Math.Max(tree[k], lds[i]);
        }
        return lds;
    }

    /// <summary>The number of values ≤ <paramref name="value"/> in ascending <paramref name="sorted"/>.</summary>
    private static int UpperBound(ReadOnlySpan<double> sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] <= value) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private static int CheckLengths(ReadOnlySpan<double> rates, ReadOnlySpan<double> losses)
    {
        if (rates.Length != losses.Length) throw new ArgumentException("rates and losses must have the same length.", nameof(losses));
        if (rates.Length == 0) throw new ArgumentException("the curve has no points.", nameof(rates));
        return rates.Length;
    }
}
