namespace SweepCluster.Engine.Spec;

/// <summary>
/// The documented limits of a spec. They exist so that a typo (an extra zero, a 1e308) is answered with a clear
/// error at submit time instead of an out-of-memory crash on some silo hours later.
/// </summary>
public static class SpecLimits
{
    /// <summary>A spec file larger than this is refused before it is read in full.</summary>
    public const int MaxSpecBytes = 10 * 1024 * 1024;

    /// <summary>The deepest nesting a spec may use; real specs need about seven levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most trials one arm's search may plan (a grid, or a coarse grid plus its refinements).</summary>
    public const int MaxTrialsPerArm = 100_000;

    /// <summary>
    /// The most runs a search over parameters may plan: random and tpe trials, or grid combinations, times repeats.
    /// </summary>
    public const int MaxSearchRuns = 100_000;

    /// <summary>The most seeds one configuration may be trained with.</summary>
    public const int MaxRepeats = 100;

    /// <summary>The most dimensions of <c>search.parameters</c>.</summary>
    public const int MaxSearchParameters = 32;

    /// <summary>The most <c>values</c> one searched parameter may list.</summary>
    public const int MaxParameterValues = 1_000;

    public const int MaxArms = 64;
    public const int MaxEpochs = 1_000_000;
    public const int MnistImages = 10_000;
    public const int MaxSyntheticSamples = 10_000_000;
    public const int MaxSyntheticFeatures = 100_000;
    public const int MaxHiddenWidth = 65_536;
    public const int MaxLrFinderSteps = 1_000_000;
    public const int MaxNameLength = 200;

    /// <summary>The longest <c>trainer.timeoutSeconds</c>: a little over 23 days, below the longest delay a .NET timer takes (2³¹ − 1 ms).</summary>
    public const double MaxTrainerTimeoutSeconds = 2_000_000;

    /// <summary>
    /// The most parameters a model may have: 256 MiB as float32. Training holds several vectors of this size (the
    /// parameters, the gradient, the optimizer's state), so the limit keeps one run well inside a silo's memory.
    /// </summary>
    public const long MaxModelParameters = 1L << 26;

    /// <summary>The most dimensions of a quadratic given as <c>eigenvalues</c> (a diagonal Q: memory grows linearly).</summary>
    public const int MaxQuadraticDimension = 10_000_000;

    /// <summary>The most dimensions of a quadratic given as a dense <c>hessian</c> (n² float64 values, an n³ eigen-decomposition).</summary>
    public const int MaxHessianDimension = 4_096;

    /// <summary>
    /// The most bytes one data set may take in memory (float32 features, plus a label or target a row), 2 GiB. IDX
    /// headers and synthetic sizes are checked against it before anything is allocated.
    /// </summary>
    public const long MaxDatasetBytes = 1L << 31;

    /// <summary>The most step points (and epoch points) a run's history keeps: historyEvery is raised to fit.</summary>
    public const int MaxHistoryPoints = 1_000;

    /// <summary>Bytes in memory of a data set of <paramref name="rows"/> rows of <paramref name="features"/> float32 features and a 4-byte label each.</summary>
    /// <remarks>Saturates at <see cref="long.MaxValue"/> instead of overflowing, so absurd headers compare as too large.</remarks>
    public static long DatasetBytes(long rows, long features)
    {
        if (rows <= 0 || features < 0) return 0;
        var perRow = features + 1;
        return perRow > long.MaxValue / 4 / rows ? long.MaxValue : rows * perRow * 4;
    }

    /// <summary>
    /// Points of a log-spaced grid from <paramref name="min"/> to <paramref name="max"/>, both ends included, with
    /// at least <paramref name="pointsPerDecade"/> points per decade: ⌈decades × pointsPerDecade⌉ intervals, plus one.
    /// Returned as a double so that absurd inputs (1e-300 to 1e300 at 1e6 per decade) compare without overflow.
    /// </summary>
    public static double LogGridPoints(double min, double max, double pointsPerDecade)
    {
        // The small slack keeps 1e-4..10 at 1 per decade at 6 points despite log10 rounding.
        var intervals = Math.Ceiling(Math.Log10(max / min) * pointsPerDecade - 1e-9);
        return Math.Max(1, intervals) + 1;
    }
}
