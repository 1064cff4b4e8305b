namespace SweepCluster.Client.Report;

/// <summary>One chart of the page: its axes and series; report.js turns each series into one Chart.js dataset.</summary>
/// <param name="Id">The chart's element id, and how tests find it in <c>window.sweepReport.charts</c>.</param>
/// <param name="Caption">How to read the chart, in a sentence or two.</param>
public sealed record ReportChart(string Id, string Title, string Caption, ChartAxis X, ChartAxis Y, IReadOnlyList<ChartSeries> Series)
{
    /// <summary>When set, series with a <see cref="ChartSeries.ColorValue"/> are coloured by it on this log scale.</summary>
    public RateColorScale? Colors { get; init; }

    /// <summary>When set, each point of a series of trials takes the colour of its trial's η on this log scale.</summary>
    public RateColorScale? PointColors { get; init; }

    /// <summary>Whether the page offers a switch per arm that shows or hides that arm's series (too many for a legend).</summary>
    public bool ArmToggles { get; init; }

    /// <summary>
    /// Null: training-loss curves are drawn as recorded. Otherwise the page offers to smooth them (a debiased moving
    /// average, as fastai plots its losses), on at first when true: mini-batch losses are too noisy to compare raw.
    /// </summary>
    public bool? Smoothing { get; init; }
}

/// <param name="Log">Whether the axis starts logarithmic.</param>
/// <param name="LogToggle">Whether the page offers a switch between a log and a linear axis.</param>
public sealed record ChartAxis(string Label, bool Log, bool LogToggle = false)
{
    /// <summary>Where the axis ends, when the largest values (a diverging run's) would flatten everything else.</summary>
    public double? Max { get; init; }

    /// <summary>For a parameter of listed values: the axis shows these names at 0, 1, …, the points' x being the value's index.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>A positive value rounded up to two significant digits (3.45 → 3.5), for a <see cref="Max"/>: its tick is labelled.</summary>
    public static double RoundUp(double value)
    {
        var unit = Math.Pow(10, Math.Floor(Math.Log10(value)) - 1);
        return Math.Ceiling(value / unit) * unit;
    }
}

/// <summary>One line or set of markers.</summary>
/// <param name="Role">How it is drawn: one of <see cref="SeriesRoles"/>.</param>
/// <param name="Arm">The arm it belongs to, for its colour and the arm switches; null for series of no arm (bounds).</param>
public sealed record ChartSeries(string Name, string Role, int? Arm, IReadOnlyList<ChartPoint> Points)
{
    /// <summary>The learning rate its colour stands for on the chart's <see cref="ReportChart.Colors"/> scale.</summary>
    public double? ColorValue { get; init; }
}

/// <summary>The η range a chart's colours span, on a log scale.</summary>
public sealed record RateColorScale(string Label, double Min, double Max);

/// <summary>The ways report.js draws a series; each names what the series is, the page decides the look.</summary>
public static class SeriesRoles
{
    public const string Trials = "trials";
    public const string Points = "points";
    public const string GroupMean = "group-mean";
    public const string GroupRange = "group-range";
    public const string Stopped = "stopped";
    public const string Diverged = "diverged";
    public const string Best = "best";
    public const string Bound = "bound";
    public const string TrainLoss = "train";
    public const string ValidationLoss = "validation";
    public const string RawLoss = "raw";
    public const string SmoothedLoss = "smoothed";
    public const string Suggestion = "suggestion";
    public const string Rate = "rate";
}
