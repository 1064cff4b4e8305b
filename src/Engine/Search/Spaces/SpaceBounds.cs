namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// <see cref="SearchSpace.Contains"/> as flat per-axis bounds (a category index is an integer in [0, count − 1]): the
/// same answer without a virtual call per coordinate, for checks over long histories. Remembers, by position in the
/// history, the last point found inside: points are immutable, so the same point at the same position needs no second
/// look (a history passed again reads one reference per observation instead of its coordinates).
/// </summary>
/// <remarks>
/// Safe across threads without a lock: a slot only ever holds a point that was found inside, so a lost or raced write
/// costs a second check, never a wrong answer.
/// </remarks>
internal sealed class SpaceBounds
{
    private readonly double[] _low;
    private readonly double[] _high;
    private readonly bool[] _integral;
    private SearchPoint?[] _inside = [];

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

    /// <summary>Whether the point at position <paramref name="index"/> of a history is in the space.</summary>
    public bool Contains(SearchPoint point, int index)
    {
        var inside = _inside;
        if (index < inside.Length && ReferenceEquals(inside[index], point)) return true;
        if (!Contains(point)) return false;
        if (index >= inside.Length)
        {
            var grown = new SearchPoint?[Math.Max(index + 1, 2 * inside.Length)];
            inside.CopyTo(grown, 0);
            _inside = inside = grown;
        }
        inside[index] = point;
        return true;
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
