using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>
/// An arm's LR range test as fastai's <c>lr_find</c> plots it: each step's batch loss and the smoothed loss against the
/// rate it trained at (log axis), with the three suggestions marked on the smoothed curve.
/// </summary>
internal static class LrFinderChart
{
    public static string IdOf(int arm) => $"lr-finder-{arm}";

    public static ReportChart Build(LrFinderResult test, int arm, string armName, bool oneOfSeveral)
    {
        var curve = test.Curve.Where(p => double.IsFinite(p.LearningRate) && p.LearningRate > 0).ToArray();
        var raw = curve.Where(p => double.IsFinite(p.Loss)).Select(p => new ChartPoint(p.LearningRate, p.Loss)).ToArray();
        var smoothed = curve.Where(p => double.IsFinite(p.SmoothedLoss)).Select(p => new ChartPoint(p.LearningRate, p.SmoothedLoss)).ToArray();
        var series = new List<ChartSeries>
        {
            new("loss (each step's batch)", SeriesRoles.RawLoss, arm, CurveThinning.Thin(raw, CurveThinning.MaxPerCurve)),
            new("smoothed loss", SeriesRoles.SmoothedLoss, arm, CurveThinning.Thin(smoothed, CurveThinning.MaxPerCurve)),
        };
        var s = test.Suggestions;
        Suggest(series, "steepest", s.Steepest, test.Suggested, smoothed, arm);
        Suggest(series, "minimum / 10", s.MinimumOver10, test.Suggested, smoothed, arm);
        Suggest(series, "valley", s.Valley, test.Suggested, smoothed, arm);

        // The test ends when the smoothed loss has run away; its last raw losses would squash the curve to a line.
        var top = smoothed.Length > 0 && raw.Length > 0 && raw.Max(p => p.Y) > 1.1 * smoothed.Max(p => p.Y) ? ChartAxis.RoundUp(smoothed.Max(p => p.Y) * 1.1) : (double?)null;
        var caption = $"The rate grew every step from {ReportText.G(curve.FirstOrDefault()?.LearningRate)} until the smoothed loss ran away "
            + $"({curve.Length} steps). Markers: the steepest descent of the smoothed loss, a tenth of the rate at its minimum, and the valley; "
            + $"the search continued from {ReportText.G(test.Suggested)}.";
        return new ReportChart(IdOf(arm), oneOfSeveral ? $"LR finder · {armName}" : "LR finder", caption,
            new ChartAxis("η (learning rate)", Log: true), new ChartAxis("loss", Log: false, LogToggle: true) { Max = top }, series);
    }

    /// <summary>A suggestion as one marker on the smoothed curve, at the recorded step nearest to it in log η.</summary>
    private static void Suggest(List<ChartSeries> series, string name, double rate, double suggested, ChartPoint[] smoothed, int arm)
    {
        if (!double.IsFinite(rate) || rate <= 0 || smoothed.Length == 0) return;
        var nearest = smoothed.MinBy(p => Math.Abs(Math.Log(p.X / rate)));
        var label = $"{name}: η {ReportText.G(rate)}{(rate == suggested ? " (used)" : "")}";
        series.Add(new ChartSeries(label, SeriesRoles.Suggestion, arm, [new ChartPoint(rate, nearest.Y)]));
    }
}
