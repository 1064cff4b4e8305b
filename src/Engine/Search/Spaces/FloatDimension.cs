using System.Globalization;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>A real range [<see cref="Min"/>, <see cref="Max"/>]; with <see cref="Log"/> samplers work on its logarithm (Optuna's <c>FloatDistribution</c>).</summary>
public sealed record FloatDimension : SearchDimension
{
    public FloatDimension(string name, double min, double max, bool log = false) : base(name)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max) || min > max)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"Search parameter '{name}': min {min:R} and max {max:R} must be finite with min <= max."));
        if (log && min <= 0)
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"Search parameter '{name}': min {min:R} must be > 0 when log is true."));
        (Min, Max, Log) = (min, max, log);
    }

    public double Min { get; }

    public double Max { get; }

    public bool Log { get; }

    public override bool IsSingle => Min == Max;

    public override bool Contains(double coordinate) => coordinate >= Min && coordinate <= Max;

    public override ParameterValue ValueOf(double coordinate) => ParameterValue.Of(coordinate);

    public override double CoordinateOf(ParameterValue value)
    {
        if (value.IsText || !Contains(value.Number))
            throw new InputException(string.Create(CultureInfo.InvariantCulture,
                $"Search parameter '{Name}': {value} is not a number in [{Min:R}, {Max:R}]."));
        return value.Number;
    }
}
