using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>
/// The rate each step actually used, for the best trial of each arm: warmup, schedule and line search as they ran, so
/// a searched η is read together with what the schedule made of it.
/// </summary>
internal static class RateOverTimeChart
{
    public const string Id = "rate-over-time";

    /// <param name="runs">The best trial of each arm that has one, or the one trial of a trial's report.</param>
    /// <param name="bestOfArms">True for a sweep's best trials, false for a trial's report.</param>
    /// <returns>Null when none of them has a recorded history.</returns>
    public static ReportChart? Build(IReadOnlyList<Trial> runs, IReadOnlyList<string> armNames, bool bestOfArms)
    {
        var series = runs.Where(t => t.History is { Steps.Count: > 0 }).Select(t => new ChartSeries(
                bestOfArms ? $"{armNames[t.Arm]} · best trial, η {ReportText.G(t.LearningRate)}" : $"η at each step (searched η {ReportText.G(t.LearningRate)})",
                SeriesRoles.Rate, t.Arm,
                CurveThinning.Thin(t.History!.Steps.Where(p => double.IsFinite(p.LearningRate)).Select(p => new ChartPoint(p.Step, p.LearningRate)).ToArray(),
                    CurveThinning.MaxPerCurve)))
            .ToArray();
        if (series.Length == 0) return null;
        var caption = bestOfArms
            ? "The learning rate each arm's best trial used at each recorded step, after warmup, schedule and line search."
            : "The learning rate the optimizer used at each recorded step, after warmup, schedule and line search.";
        var log = LogAxis.Suits([.. series.SelectMany(s => s.Points).Select(p => p.Y)], 20);
        return new ReportChart(Id, "η over time", caption, new ChartAxis("step", Log: false), new ChartAxis("η used", log, LogToggle: true), series);
    }
}
