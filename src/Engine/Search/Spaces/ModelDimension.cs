namespace SweepCluster.Engine.Search.Spaces;

/// <summary>What kind of kernel a dimension gets in a Parzen estimator.</summary>
internal enum KernelKind
{
    /// <summary>A truncated Gaussian density (float ranges; integer ranges with log, on the logarithm).</summary>
    Continuous,

    /// <summary>A truncated Gaussian's mass over [x − ½, x + ½] (integer ranges).</summary>
    Discrete,

    /// <summary>A probability per category.</summary>
    Categorical,
}

/// <summary>
/// One dimension as the samplers see it (Optuna's <c>_calculate_parzen_bounds</c> and <c>_SearchSpaceTransform</c>):
/// the "model" space is the logarithm for <c>log</c> ranges; integers widen to [min − ½, max + ½].
/// </summary>
internal sealed class ModelDimension
{
    public ModelDimension(SearchDimension dimension)
    {
        Dimension = dimension;
        switch (dimension)
        {
            case FloatDimension f:
                Kind = KernelKind.Continuous;
                (Low, High) = f.Log ? (Math.Log(f.Min), Math.Log(f.Max)) : (f.Min, f.Max);
                IsLog = f.Log;
                break;
            case IntegerDimension i when i.Log:
                Kind = KernelKind.Continuous;
                (Low, High) = (Math.Log(i.Min - 0.5), Math.Log(i.Max + 0.5));
                IsLog = true;
                break;
            case IntegerDimension i:
                Kind = KernelKind.Discrete;
                (Low, High) = (i.Min - 0.5, i.Max + 0.5);
                break;
            case CategoricalDimension c:
                Kind = KernelKind.Categorical;
                Choices = c.Count;
                break;
            default:
                throw new ArgumentException($"Unknown dimension type {dimension.GetType().Name}.", nameof(dimension));
        }
    }

    public SearchDimension Dimension { get; }

    public KernelKind Kind { get; }

    /// <summary>Bounds in model space (unused for categorical).</summary>
    public double Low { get; }

    public double High { get; }

    public bool IsLog { get; }

    public int Choices { get; }

    /// <summary>A coordinate (value or category index) in model space.</summary>
    public double ToModel(double coordinate) => IsLog ? Math.Log(coordinate) : coordinate;

    /// <summary>
    /// A model-space sample as a coordinate: exp for logs; integers rounded half to even (numpy's round) and clipped;
    /// floats clipped to the range, which exp can overshoot by an ulp.
    /// </summary>
    public double FromModel(double sample) => Dimension switch
    {
        FloatDimension f => Math.Clamp(f.Log ? Math.Exp(sample) : sample, f.Min, f.Max),
        IntegerDimension { Log: true } i => Math.Clamp(Math.Round(Math.Exp(sample)), i.Min, i.Max),
        IntegerDimension i => Math.Clamp(Math.Round(sample - i.Min) + i.Min, i.Min, i.Max),
        _ => sample,
    };
}
