namespace SweepCluster.Engine.Search.Spaces;

/// <summary>A list of allowed values, numbers or strings (Optuna's <c>CategoricalDistribution</c>): a point holds the value's index.</summary>
public sealed record CategoricalDimension : SearchDimension
{
    private readonly ParameterValue[] _values;

    public CategoricalDimension(string name, IEnumerable<ParameterValue> values) : base(name)
    {
        _values = values.ToArray();
        if (_values.Length == 0) throw new InputException($"Search parameter '{name}': values must hold at least one value.");
        var duplicate = _values.GroupBy(v => v).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InputException($"Search parameter '{name}': the value {duplicate.Key} is listed twice.");
        if (_values.Any(v => !v.IsText && !double.IsFinite(v.Number)))
            throw new InputException($"Search parameter '{name}': values must be finite numbers or strings.");
    }

    public IReadOnlyList<ParameterValue> Values => _values;

    public int Count => _values.Length;

    public override bool IsSingle => _values.Length == 1;

    public override bool Contains(double coordinate) => coordinate >= 0 && coordinate < _values.Length && Math.Floor(coordinate) == coordinate;

    public override ParameterValue ValueOf(double coordinate) => _values[(int)coordinate];

    public override double CoordinateOf(ParameterValue value)
    {
        int index = Array.IndexOf(_values, value);
        if (index < 0)
            throw new InputException($"Search parameter '{Name}': {value} is not one of [{string.Join(", ", _values)}].");
        return index;
    }

    public bool Equals(CategoricalDimension? other) =>
        other is not null && Name == other.Name && _values.AsSpan().SequenceEqual(other._values);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Name);
        foreach (var value in _values) hash.Add(value);
        return hash.ToHashCode();
    }
}
