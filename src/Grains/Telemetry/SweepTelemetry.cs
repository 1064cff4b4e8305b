using System.Diagnostics;

namespace SweepCluster.Grains.Telemetry;

/// <summary>The names a silo's OpenTelemetry set-up subscribes to: the sweep meter and the span source.</summary>
public static class SweepTelemetry
{
    /// <summary>The meter of the <c>sweep_*</c> instruments (docs/metrics.md).</summary>
    public const string MeterName = "SweepCluster";

    /// <summary>Spans of sweeps and trials; Orleans' own grain-call spans nest under them.</summary>
    public const string SourceName = "SweepCluster";

    public static readonly ActivitySource Source = new(SourceName);
}
