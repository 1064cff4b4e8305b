namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// One axis of a search space, keyed by the parameter's name ("learningRate", "optimizer.momentum"). A point holds
/// each axis as a coordinate: the value itself for ranges, the index into the values for a categorical axis.
/// </summary>
public abstract record SearchDimension
{
    private protected SearchDimension(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) throw new InputException("A search parameter needs a name: got an empty one.");
        Name = name;
    }

    public string Name { get; }

    /// <summary>True when the axis allows one value only (min = max, or a single category): samplers just use it.</summary>
    public abstract bool IsSingle { get; }

    /// <summary>Whether <paramref name="coordinate"/> is a point of this axis (in range; an integer or a category index where needed).</summary>
    public abstract bool Contains(double coordinate);

    /// <summary>The value a coordinate stands for.</summary>
    public abstract ParameterValue ValueOf(double coordinate);

    /// <summary>The coordinate of a value, or an <see cref="InputException"/> naming the parameter when the axis does not allow it.</summary>
    public abstract double CoordinateOf(ParameterValue value);
}
