using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SweepCluster.Grains.Telemetry;

/// <summary>
/// The silo's own instruments (CONTRACT §5), on one process-wide meter that an exporter or a benchmark's
/// <see cref="MeterListener"/> subscribes to by name. Static because grains record from many activations and a
/// recording nobody listens to costs only a flag check.
/// </summary>
public static class SweepMetrics
{
    public const string MeterName = "SweepCluster";

    public const string CoordinatorDecision = "sweep_coordinator_decision_seconds";

    private static readonly Meter Meter = new(MeterName);

    // Decisions take tens of microseconds to a few milliseconds: the default buckets (0 … 10,000, meant for ms) would
    // put them all in the first one.
    private static readonly Histogram<double> Decisions = Meter.CreateHistogram(
        CoordinatorDecision, "s", "time the coordinator takes per decision: a trial's end reported, persisted and the next runs issued",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1] });

    /// <summary>Records the time since <paramref name="started"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void DecisionTaken(long started) => Decisions.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
}
