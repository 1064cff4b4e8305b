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
    public const int MaxTrialsPerArm = 10_000;

    public const int MaxArms = 64;
    public const int MaxEpochs = 1_000_000;
    public const int MnistImages = 10_000;
    public const int MaxSyntheticSamples = 10_000_000;
    public const int MaxSyntheticFeatures = 100_000;
    public const int MaxHiddenWidth = 65_536;
    public const int MaxLrFinderSteps = 1_000_000;
    public const int MaxNameLength = 200;

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
