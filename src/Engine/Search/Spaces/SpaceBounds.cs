namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// <see cref="SearchSpace.Contains"/> as flat per-axis bounds (a category index is an integer in [0, count − 1]): the
/// same answer without a virtual call per coordinate, for checks over long histories.
/// </summary>
internal sealed class SpaceBounds
{
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly bool[] _integral;

    public SpaceBounds(SearchSpace space)
    {
        int d = space.Dimensions.Count;
        (_low, _high, _integral) = (new double[d], new double[d], new bool[d]);
        for (int i = 0; i < d; i++)
            (_low[i], _high[i], _integral[i]) = space.Dimensions[i] switch
            {
                FloatDimension f => (f.Min, f.Max, false),
                IntegerDimension n => (n.Min, n.Max, true),
                CategoricalDimension c => (0.0, c.Count - 1.0, true),
                var other => throw new ArgumentException($"Unknown search dimension {other.GetType().Name}.", nameof(space)),
            };
    }

    public bool Contains(SearchPoint point)
    {
        var coordinates = point.Span;
        if (coordinates.Length != _low.Length) return false;
        for (int i = 0; i < coordinates.Length; i++)
        {
            double c = coordinates[i];
            if (!(c >= _low[i] && c <= _high[i]) || (_integral[i] && Math.Floor(c) != c)) return false;
        }
        return true;
    }
}
