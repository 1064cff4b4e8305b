namespace SweepCluster.Engine.Trainers;

/// <summary>A fresh parser for one trial in the format a trainer's <c>metrics</c> names.</summary>
public static class ReportParsers
{
    public static IReportParser For(TrainerMetricsSpec metrics) => metrics.Format switch
    {
        TrainerMetricsFormat.Json => new JsonReportParser(),
        TrainerMetricsFormat.Regex => new RegexReportParser(metrics.Pattern ?? throw new InputException("trainer.metrics.pattern: missing; \"format\": \"regex\" needs a pattern with named groups.")),
        _ => throw new ArgumentOutOfRangeException(nameof(metrics), metrics.Format, null),
    };

    /// <summary>Problems of a <c>metrics</c> section (for the spec validator), each naming the field; empty when it is usable.</summary>
    public static IReadOnlyList<string> Validate(TrainerMetricsSpec metrics) => metrics.Format switch
    {
        TrainerMetricsFormat.Regex => RegexReportParser.Validate(metrics.Pattern),
        _ => metrics.Pattern is null ? [] : ["metrics.pattern: is only allowed with \"format\": \"regex\"; remove it or set the format to regex."],
    };
}
