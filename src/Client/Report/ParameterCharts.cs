using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// For a search over more than η, the sweep's metric against each other parameter (Optuna's slice plot), every finished
/// trial a point coloured by its η: a log axis for a log range or values that span decades, a category axis for a list of
/// values. Diverged trials are crosses at the chart's worst value, trials stopped early triangles, the best trial a star.
/// </summary>
internal static class ParameterCharts
{
    public static string IdOf(int index) => $"parameter-{index}";

    /// <summary>One chart per parameter other than η; none when the trials carry no other parameter or none finished.</summary>
    public static IReadOnlyList<ReportChart> Build(SweepResult result)
    {
        var declared = result.Spec.Search.Parameters ?? [];
        var names = declared.Select(p => p.Name).Concat(result.Trials.Where(t => t.Parameters is not null).SelectMany(t => t.Parameters!.Keys))
            .Distinct(StringComparer.Ordinal).Where(n => n != SearchParameter.LearningRate).ToArray();
        var metric = result.Spec.Search.Metric;
        var finished = result.Trials.Select((t, row) => (Trial: t, Row: row))
            .Where(r => r.Trial.Parameters is not null && r.Trial.Status is TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Diverged).ToArray();
        if (names.Length == 0 || finished.Length == 0) return [];

        double? Figure(Trial t) => MetricFigure.Of(metric, t.TrainLoss, t.ValidationLoss, t.ValidationAccuracy);
        var maximize = metric == Metric.ValidationAccuracy;
        var finite = finished.Select(r => Figure(r.Trial)).Where(MetricFigure.IsFinite).Select(v => v!.Value).ToArray();
        var edge = finite.Length == 0 ? 1.0 : maximize ? finite.Min() : finite.Max();
        var rates = finished.Select(r => r.Trial.LearningRate).Where(r => double.IsFinite(r) && r > 0).ToArray();
        var colors = rates.Length > 0 && rates.Max() > rates.Min() ? new RateColorScale("η", rates.Min(), rates.Max()) : null;
        var bestId = result.Best?.TrialId;
        var metricName = Results.ContractNames.Of(metric);
        var logY = !maximize && LogAxis.Suits(finite, 10);

        var charts = new List<ReportChart>();
        for (var i = 0; i < names.Length; i++)
        {
            var name = names[i];
            var rows = finished.Where(r => r.Trial.Parameters!.ContainsKey(name)).ToArray();
            if (rows.Length == 0) continue;
            var spec = declared.FirstOrDefault(p => p.Name == name);
            var values = rows.Select(r => r.Trial.Parameters![name]).ToArray();
            var categories = spec?.Values is { } listed ? listed.Select(v => v.ToString()).ToArray()
                : values.Any(v => v.IsText) ? values.Select(v => v.ToString()).Distinct(StringComparer.Ordinal).ToArray() : null;
            double X(ParameterValue v) => categories is null ? v.Number : Array.IndexOf(categories, v.ToString());
            var numbers = values.Select(X).ToArray();
            var logX = categories is null && (spec?.Log == true || LogAxis.Suits(numbers, 100)) && numbers.Min() > 0;

            ChartPoint At((Trial Trial, int Row) r, double y) => new(X(r.Trial.Parameters![name]), y, r.Row);
            var series = new List<ChartSeries>();
            Add(series, "trials", SeriesRoles.Points, rows.Where(r => r.Trial.Status == TrialStatus.Completed && MetricFigure.IsFinite(Figure(r.Trial)))
                .Select(r => At(r, Figure(r.Trial)!.Value)));
            Add(series, "stopped early", SeriesRoles.Stopped, rows.Where(r => r.Trial.Status == TrialStatus.Stopped && MetricFigure.IsFinite(Figure(r.Trial)))
                .Select(r => At(r, Figure(r.Trial)!.Value)));
            Add(series, "diverged", SeriesRoles.Diverged, rows.Where(r => r.Trial.Status == TrialStatus.Diverged)
                .Select(r => At(r, Figure(r.Trial) is { } v && double.IsFinite(v) ? v : edge)));
            Add(series, "best", SeriesRoles.Best, rows.Where(r => r.Trial.TrialId == bestId && MetricFigure.IsFinite(Figure(r.Trial)))
                .Select(r => At(r, Figure(r.Trial)!.Value)));
            if (series.Count == 0) continue;

            var caption = $"Each point is a finished trial's final {metricName} ({(maximize ? "higher" : "lower")} is better) at its {name}"
                + (colors is null ? "." : ", coloured by its η on a log scale.")
                + (series.Any(s => s.Role == SeriesRoles.Diverged) ? " Crosses: diverged, at their last figure or the chart's worst value." : "")
                + (series.Any(s => s.Role == SeriesRoles.Best) ? " Star: the best trial." : "");
            charts.Add(new ReportChart(IdOf(i), $"{metricName} vs {name}", caption,
                new ChartAxis(name, logX) { Categories = categories }, new ChartAxis(metricName, logY, LogToggle: true), series) { PointColors = colors });
        }
        return charts;
    }

    private static void Add(List<ChartSeries> series, string name, string role, IEnumerable<ChartPoint> points)
    {
        var kept = points.ToArray();
        if (kept.Length > 0) series.Add(new ChartSeries(name, role, 0, kept));
    }
}
