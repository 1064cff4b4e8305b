using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// A search with repeats on the metric-vs-η chart: each configuration's mean over its seeds as a diamond at its η, with
/// a bar of ± one standard deviation, so a winner that is one seed's luck shows as a long bar.
/// </summary>
internal static class GroupBars
{
    /// <summary>Bars drawn at most: each is a dataset of its own.</summary>
    public const int MaxBars = 300;

    public static ReportChart With(ReportChart chart, SweepResult result)
    {
        if (result.Groups is not { Count: > 0 } groups) return chart;
        var rateOf = result.Trials.ToDictionary(t => t.TrialId, t => t.LearningRate, StringComparer.Ordinal);
        var means = new List<ChartPoint>();
        var bars = new List<ChartSeries>();
        var positive = chart.Series.SelectMany(s => s.Points).Select(p => p.Y).Where(y => y > 0).DefaultIfEmpty(double.Epsilon).Min();
        foreach (var g in groups)
        {
            if (g.Mean is not { } mean || !double.IsFinite(mean)) continue;
            var rate = g.Parameters.TryGetValue(SearchParameter.LearningRate, out var v) && !v.IsText ? v.Number
                : g.TrialIds.Select(id => rateOf.GetValueOrDefault(id, double.NaN)).FirstOrDefault(double.IsFinite, double.NaN);
            if (!(rate > 0)) continue;
            means.Add(new ChartPoint(rate, mean));
            if (g.Std is { } std && std > 0 && double.IsFinite(std) && bars.Count < MaxBars)
            {
                // A log axis cannot show zero or below: such a bar runs to the chart's lowest point.
                var low = chart.Y.Log && mean - std <= 0 ? positive : mean - std;
                bars.Add(new ChartSeries($"mean ± std over {g.N} seeds", SeriesRoles.GroupRange, null, [new(rate, low), new(rate, mean + std)]));
            }
        }
        if (means.Count == 0) return chart;
        var caption = chart.Caption + " Diamonds: each configuration's mean over its repeats (seeds), bars ± one standard deviation"
            + (groups.Count(g => g.Std is > 0) > MaxBars ? $" (the first {MaxBars} configurations' bars)." : ".");
        return chart with { Caption = caption, Series = [.. chart.Series, new ChartSeries("configuration means", SeriesRoles.GroupMean, null, means), .. bars] };
    }
}
