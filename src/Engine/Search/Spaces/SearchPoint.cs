namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// One configuration as coordinates in its <see cref="SearchSpace"/>'s dimension order: the value for a range, the value's
/// index for a categorical dimension. <see cref="SearchSpace.Describe"/> turns it into named values.
/// </summary>
public sealed record SearchPoint
{
    private readonly double[] _coordinates;

    public SearchPoint(IEnumerable<double> coordinates) => _coordinates = coordinates.ToArray();

    internal SearchPoint(double[] coordinates, bool take) => _coordinates = take ? coordinates : (double[])coordinates.Clone();

    public IReadOnlyList<double> Coordinates => _coordinates;

    internal ReadOnlySpan<double> Span => _coordinates;

    public int Count => _coordinates.Length;

    public double this[int dimension] => _coordinates[dimension];

    public bool Equals(SearchPoint? other) => other is not null && _coordinates.AsSpan().SequenceEqual(other._coordinates);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var c in _coordinates) hash.Add(c);
        return hash.ToHashCode();
    }

    public override string ToString() => $"({string.Join(", ", _coordinates.Select(c => c.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))})";
}
