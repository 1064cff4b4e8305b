using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>Log-spaced rate grids and the tolerance under which two rates count as the same trial.</summary>
public static class LogGrid
{
    /// <summary>Rates of an explicit list closer than this (relative) are one rate.</summary>
    public const double ListTolerance = 1e-12;

    /// <summary>A refinement does not rerun a rate within this (relative) of one already run.</summary>
    public const double RerunTolerance = 1e-9;

    /// <summary>
    /// The grid from <paramref name="min"/> to <paramref name="max"/> with <paramref name="pointsPerDecade"/>, both ends
    /// included: as many points as <see cref="SpecLimits.LogGridPoints"/> counts, so the validator's trial limit agrees.
    /// </summary>
    public static double[] PerDecade(double min, double max, double pointsPerDecade) =>
        Points(min, max, (int)SpecLimits.LogGridPoints(min, max, pointsPerDecade));

    /// <summary><paramref name="count"/> log-spaced points from <paramref name="min"/> to <paramref name="max"/>, both ends exact.</summary>
    public static double[] Points(double min, double max, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(min > 0) || !(max >= min)) throw new ArgumentException($"need 0 < min ≤ max, got {min} and {max}.", nameof(max));
        if (count == 1) return [min];
        // Stepping in log10 keeps whole decades exact (1e-3, not 0.0009999999999999998).
        double lo = Math.Log10(min), hi = Math.Log10(max);
        var points = new double[count];
        for (var i = 0; i < count; i++) points[i] = Math.Pow(10, lo + (hi - lo) * i / (count - 1));
        points[0] = min;
        points[^1] = max;
        return points;
    }

    /// <summary><paramref name="count"/> log-spaced points strictly between <paramref name="low"/> and <paramref name="high"/>.</summary>
    public static double[] Interior(double low, double high, int count)
    {
        var withEnds = Points(low, high, count + 2);
        return withEnds[1..^1];
    }

    /// <summary>The rates ascending, each kept once: a rate within <paramref name="tolerance"/> (relative) of a kept one is dropped.</summary>
    public static double[] Distinct(IEnumerable<double> rates, double tolerance)
    {
        var sorted = rates.Order().ToArray();
        var kept = new List<double>(sorted.Length);
        foreach (var rate in sorted)
            if (kept.Count == 0 || !Same(kept[^1], rate, tolerance)) kept.Add(rate);
        return [.. kept];
    }

    public static bool Same(double a, double b, double tolerance) => Math.Abs(a - b) <= tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
}
