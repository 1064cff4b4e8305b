namespace SweepCluster.Cluster.Bench;

/// <summary>A Prometheus histogram: cumulative counts at ascending upper bounds (the last +Inf), the values' sum and count.</summary>
internal sealed record Histogram(double[] UpperBounds, double[] Cumulative, double Sum, double Count)
{
    public static Histogram Empty { get; } = new([], [], 0, 0);

    public double Mean => Count == 0 ? double.NaN : Sum / Count;

    /// <summary>What was recorded between <paramref name="before"/> and this (the same instrument, scraped earlier).</summary>
    public Histogram Since(Histogram before)
    {
        if (before.Count == 0) return this;
        var earlier = UpperBounds.Select(b => Array.IndexOf(before.UpperBounds, b) is var i and >= 0 ? before.Cumulative[i] : 0).ToArray();
        return new Histogram(UpperBounds, Cumulative.Select((c, i) => c - earlier[i]).ToArray(), Sum - before.Sum, Count - before.Count);
    }

    /// <summary>Adds another silo's histogram of the same instrument.</summary>
    public Histogram Plus(Histogram other)
    {
        if (other.Count == 0 && other.UpperBounds.Length == 0) return this;
        if (UpperBounds.Length == 0) return other;
        return new Histogram(UpperBounds, Cumulative.Select((c, i) => c + other.Cumulative[i]).ToArray(), Sum + other.Sum, Count + other.Count);
    }

    /// <summary>The fraction of values at most <paramref name="bound"/>, which must be one of the bucket bounds.</summary>
    public double FractionAtMost(double bound) =>
        Count == 0 ? double.NaN : Cumulative[Array.FindIndex(UpperBounds, b => Math.Abs(b - bound) <= 1e-12 * bound)] / Count;

    /// <summary>
    /// The <paramref name="q"/> quantile as Prometheus' <c>histogram_quantile</c> estimates it: linear within the bucket
    /// it falls in (so never finer than the buckets); the highest finite bound when it falls in the +Inf bucket.
    /// </summary>
    public double Quantile(double q)
    {
        if (Count == 0) return double.NaN;
        var rank = q * Count;
        for (var i = 0; i < UpperBounds.Length; i++)
        {
            if (Cumulative[i] < rank) continue;
            if (double.IsPositiveInfinity(UpperBounds[i])) return UpperBounds[Math.Max(0, i - 1)];
            var (lower, below) = i == 0 ? (0.0, 0.0) : (UpperBounds[i - 1], Cumulative[i - 1]);
            var inBucket = Cumulative[i] - below;
            return inBucket == 0 ? UpperBounds[i] : lower + (UpperBounds[i] - lower) * (rank - below) / inBucket;
        }
        return UpperBounds[^1];
    }

    /// <summary><paramref name="values"/> counted into buckets as an exporter would (for decisions recorded in-process, not scraped).</summary>
    public static Histogram Of(double[] upperBounds, IReadOnlyList<double> values) => new(upperBounds,
        upperBounds.Select(b => (double)values.Count(v => v <= b)).ToArray(), values.Sum(), values.Count);
}
