namespace SweepCluster.Engine.Search.Spaces;

/// <summary>The dimensions a search samples, in a fixed order: a <see cref="SearchPoint"/>'s coordinates follow it.</summary>
public sealed record SearchSpace
{
    private readonly SearchDimension[] _dimensions;

    public SearchSpace(IEnumerable<SearchDimension> dimensions)
    {
        _dimensions = dimensions.ToArray();
        if (_dimensions.Length == 0) throw new InputException("A search space needs at least one parameter.");
        var duplicate = _dimensions.GroupBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"Search parameter '{duplicate.Key}' is listed twice.");
    }

    public SearchSpace(params SearchDimension[] dimensions) : this((IEnumerable<SearchDimension>)dimensions) { }

    public IReadOnlyList<SearchDimension> Dimensions => _dimensions;

    public int Count => _dimensions.Length;

    /// <summary>The dimension's position, or −1.</summary>
    public int IndexOf(string name) => Array.FindIndex(_dimensions, d => d.Name == name);

    /// <summary>The point's values by parameter name, in dimension order.</summary>
    public IReadOnlyDictionary<string, ParameterValue> Describe(SearchPoint point)
    {
        CheckCount(point);
        var values = new Dictionary<string, ParameterValue>(_dimensions.Length, StringComparer.Ordinal);
        for (int i = 0; i < _dimensions.Length; i++) values[_dimensions[i].Name] = _dimensions[i].ValueOf(point[i]);
        return values;
    }

    /// <summary>The point of named values (a trial's recorded parameters): every dimension must be there, with a value it allows.</summary>
    public SearchPoint PointOf(IReadOnlyDictionary<string, ParameterValue> parameters)
    {
        var coordinates = new double[_dimensions.Length];
        for (int i = 0; i < _dimensions.Length; i++)
        {
            if (!parameters.TryGetValue(_dimensions[i].Name, out var value))
                throw new InputException($"Search parameter '{_dimensions[i].Name}' has no value in the configuration.");
            coordinates[i] = _dimensions[i].CoordinateOf(value);
        }
        return new SearchPoint(coordinates, take: true);
    }

    /// <summary>Whether the point has one allowed coordinate per dimension.</summary>
    public bool Contains(SearchPoint point)
    {
        if (point.Count != _dimensions.Length) return false;
        for (int i = 0; i < _dimensions.Length; i++)
            if (!_dimensions[i].Contains(point[i])) return false;
        return true;
    }

    internal void CheckCount(SearchPoint point)
    {
        if (point.Count != _dimensions.Length)
            throw new ArgumentException($"The point has {point.Count} coordinates; the search space has {_dimensions.Length} dimensions.", nameof(point));
    }

    public bool Equals(SearchSpace? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in _dimensions) hash.Add(d);
        return hash.ToHashCode();
    }
}
