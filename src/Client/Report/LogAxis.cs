namespace SweepCluster.Client.Report;

/// <summary>Whether a chart's axis starts logarithmic: when its values are positive and span orders of magnitude.</summary>
internal static class LogAxis
{
    /// <param name="spread">The ratio of the largest to the smallest value above which a linear axis hides the small ones.</param>
    public static bool Suits(IReadOnlyCollection<double> values, double spread) =>
        values.Count > 0 && values.Min() > 0 && values.Max() / values.Min() > spread;
}
