namespace SweepCluster.Client.Report;

/// <summary>
/// How many points of a curve the page keeps. Chart.js spends some microseconds on each point it holds, so a sweep's
/// step curves share a budget that it lays out in well under a second: a 1,000-trial sweep keeps 40 points a curve, a
/// sweep of up to 40 trials every recorded step (the trainer records at most about a thousand).
/// </summary>
public static class CurveThinning
{
    /// <summary>Points all loss curves of one chart may hold together.</summary>
    public const int Budget = 40_000;

    /// <summary>Points one curve may hold, however few curves there are.</summary>
    public const int MaxPerCurve = 1_000;

    /// <summary>Points one curve keeps, however many curves there are: fewer would hide its shape.</summary>
    public const int MinPerCurve = 30;

    /// <summary>Curves one chart draws at most: more would each keep fewer than <see cref="MinPerCurve"/> points within the budget.</summary>
    public const int MaxCurves = Budget / MinPerCurve;

    /// <summary>The most points each of <paramref name="curves"/> curves keeps.</summary>
    public static int CapFor(int curves) => Math.Clamp(Budget / Math.Max(curves, 1), MinPerCurve, MaxPerCurve);

    /// <summary>
    /// At most <paramref name="cap"/> of the points, evenly spaced by index, the first and the last always kept: a
    /// stride through recorded values, never an average, so every point drawn is one the run recorded.
    /// </summary>
    public static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, int cap)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, 2);
        if (points.Count <= cap) return points;
        var kept = new T[cap];
        for (var i = 0; i < cap; i++) kept[i] = points[(int)Math.Round(i * (points.Count - 1) / (double)(cap - 1))];
        return kept;
    }
}
