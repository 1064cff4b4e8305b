using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// The sweep's metric against η on a log axis, Optuna's slice plot for the one parameter that matters here: per arm the
/// completed trials joined in η order, trials stopped early and diverged trials as markers of their own, the best trial
/// of each arm starred, and plain gradient descent's bounds 2/L and 2/(L+μ) as vertical lines when the sweep knows them.
/// </summary>
internal static class MetricVsRateChart
{
    public const string Id = "metric-vs-rate";

    /// <summary>Null when no trial has finished: there is nothing to plot.</summary>
    public static ReportChart? Build(SweepResult result, IReadOnlyList<string> armNames)
    {
        var metric = result.Spec.Search.Metric;
        var name = Results.ContractNames.Of(metric);
        var maximize = metric == Metric.ValidationAccuracy;
        var rows = result.Trials.Select((t, row) => (Trial: t, Row: row)).ToArray();
        if (!rows.Any(r => r.Trial.Status is TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Diverged)) return null;

        double? Figure(Trial t) => MetricFigure.Of(metric, t.TrainLoss, t.ValidationLoss, t.ValidationAccuracy);
        var finite = rows.Where(r => r.Trial.Status is TrialStatus.Completed or TrialStatus.Stopped or TrialStatus.Diverged)
            .Select(r => Figure(r.Trial)).Where(MetricFigure.IsFinite).Select(v => v!.Value).ToArray();
        // A diverged run often has no finite figure; it is drawn at the worst value on the chart so it is still seen.
        var edge = finite.Length == 0 ? 1.0 : maximize ? finite.Min() : finite.Max();

        var series = new List<ChartSeries>();
        for (var arm = 0; arm < armNames.Count; arm++)
        {
            var ofArm = rows.Where(r => r.Trial.Arm == arm).OrderBy(r => r.Trial.LearningRate).ToArray();
            ChartPoint At((Trial Trial, int Row) r, double y) => new(r.Trial.LearningRate, y, r.Row);
            var completed = ofArm.Where(r => r.Trial.Status == TrialStatus.Completed && MetricFigure.IsFinite(Figure(r.Trial)))
                .Select(r => At(r, Figure(r.Trial)!.Value)).ToArray();
            var stopped = ofArm.Where(r => r.Trial.Status == TrialStatus.Stopped && MetricFigure.IsFinite(Figure(r.Trial)))
                .Select(r => At(r, Figure(r.Trial)!.Value)).ToArray();
            var diverged = ofArm.Where(r => r.Trial.Status == TrialStatus.Diverged)
                .Select(r => At(r, Figure(r.Trial) is { } v && double.IsFinite(v) ? v : edge)).ToArray();
            // One arm needs no name: its series are named for what they hold.
            var prefix = armNames.Count > 1 ? armNames[arm] + " · " : "";
            Add(series, armNames.Count > 1 ? armNames[arm] : "trials", SeriesRoles.Trials, arm, completed);
            Add(series, prefix + "stopped early", SeriesRoles.Stopped, arm, stopped);
            Add(series, prefix + "diverged", SeriesRoles.Diverged, arm, diverged);
        }

        var bests = result.BestByArm.Select((b, arm) => (Best: b, Arm: arm))
            .Where(b => b.Best is not null && MetricFigure.IsFinite(BestFigure(metric, b.Best)))
            .Select(b => new ChartPoint(b.Best!.LearningRate, BestFigure(metric, b.Best)!.Value, IndexOf(result, b.Best.TrialId))).ToArray();
        Add(series, armNames.Count > 1 ? "best of each arm" : "best", SeriesRoles.Best, null, bests);

        var ys = series.SelectMany(s => s.Points).Select(p => p.Y).ToArray();
        var logY = !maximize && LogAxis.Suits(ys, 10);
        if (result.Theory is { } theory && ys.Length > 0)
        {
            var (low, high) = (ys.Min(), ys.Max());
            if (low == high) (low, high) = (low * 0.9, high * 1.1);
            Bound(series, $"2/L = {ReportText.G(theory.StableBelow)}", theory.StableBelow, low, high);
            Bound(series, $"2/(L+μ) = {ReportText.G(theory.OptimalConstant)}", theory.OptimalConstant, low, high);
        }

        var fallback = metric == Metric.ValidationLoss && result.Trials.Any(t => t.ValidationLoss is null && t.TrainLoss is not null);
        var axis = fallback ? $"{name} (trainLoss where a trial has no validation set)" : name;
        return new ReportChart(Id, $"{name} vs η", Caption(result, name, maximize, armNames, series), new ChartAxis("η (learning rate)", Log: true),
            new ChartAxis(axis, logY, LogToggle: true), series);
    }

    private static double? BestFigure(Metric metric, BestTrial best) => MetricFigure.Of(metric, best.TrainLoss, best.ValidationLoss, best.ValidationAccuracy);

    private static string Caption(SweepResult result, string metric, bool maximize, IReadOnlyList<string> armNames, List<ChartSeries> series)
    {
        var text = $"Each point is a trial's final {metric} ({(maximize ? "higher" : "lower")} is better) at its η.";
        if (series.Any(s => s.Role == SeriesRoles.Stopped)) text += " Triangles: stopped early by the search, at their last epoch.";
        if (series.Any(s => s.Role == SeriesRoles.Diverged))
            text += " Crosses: diverged, at their last figure, or at the chart's worst value when they have none.";
        text += armNames.Count > 1 ? " Stars: the best trial of each arm." : " Star: the best trial.";
        var missing = result.Trials.Count(t => t.Status is TrialStatus.Failed or TrialStatus.Cancelled or TrialStatus.Pending or TrialStatus.Running);
        if (missing > 0) text += $" {missing} failed, cancelled or unfinished trial{(missing == 1 ? " is" : "s are")} not plotted.";
        if (result.Theory is { } t)
            text += $" Dashed: plain gradient descent is stable below 2/L and fastest at 2/(L+μ), with L = {ReportText.G(t.Smoothness)} and μ = {ReportText.G(t.StrongConvexity)} "
                + $"({Results.ContractNames.Of(t.Source)}) of the {armNames[0]} arm's training objective.";
        return text;
    }

    private static void Add(List<ChartSeries> series, string name, string role, int? arm, ChartPoint[] points)
    {
        if (points.Length > 0) series.Add(new ChartSeries(name, role, arm, points));
    }

    private static void Bound(List<ChartSeries> series, string name, double rate, double low, double high)
    {
        if (double.IsFinite(rate) && rate > 0) series.Add(new ChartSeries(name, SeriesRoles.Bound, null, [new(rate, low), new(rate, high)]));
    }

    private static int? IndexOf(SweepResult result, string trialId)
    {
        for (var i = 0; i < result.Trials.Count; i++)
            if (result.Trials[i].TrialId == trialId) return i;
        return null;
    }
}
