using System.Globalization;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// An integer range [<see cref="Min"/>, <see cref="Max"/>] (Optuna's <c>IntDistribution</c> with step 1): samplers draw a real
/// number on [min − ½, max + ½] (on its logarithm with <see cref="Log"/>) and round it half to even.
/// </summary>
public sealed record IntegerDimension : SearchDimension
{
    /// <summary>Coordinates are doubles: integers beyond 2⁵³ would not be exact.</summary>
    public const long Limit = 1L << 53;

    public IntegerDimension(string name, long min, long max, bool log = false) : base(name)
    {
        if (min > max || min < -Limit || max > Limit)
            throw new InputException($"Search parameter '{name}': min {min} and max {max} must have min <= max, both within ±2^53.");
        if (log && min < 1)
            throw new InputException($"Search parameter '{name}': min {min} must be >= 1 when log is true.");
        (Min, Max, Log) = (min, max, log);
    }

    public long Min { get; }

    public long Max { get; }

    public bool Log { get; }

    public override bool IsSingle => Min == Max;

    public override bool Contains(double coordinate) => coordinate >= Min && coordinate <= Max && Math.Floor(coordinate) == coordinate;

    public override ParameterValue ValueOf(double coordinate) => ParameterValue.Of(coordinate);

    public override double CoordinateOf(ParameterValue value)
    {
        if (value.IsText || !Contains(value.Number))
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"Search parameter '{Name}': {value} is not an integer in [{Min}, {Max}]."));
        return value.Number;
    }
}
