using System.Diagnostics;
using SweepCluster.Engine.Search;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Grains.Sweeps;

/// <summary>What the sweep tells the silo's metrics and traces: active here, its best so far, its span.</summary>
public sealed partial class SweepCoordinatorGrain
{
    /// <summary>The best trial's value of the sweep's metric; null when there is none (or only a train-loss fallback).</summary>
    private double? BestFigure() =>
        _search?.Best is { } best && TrialRanking.Figure(best, _search.Metric) is (double value, true) ? value : null;

    private string MetricName => SweepSummary.NameOf(_spec!.Search.Metric);

    /// <summary>The sweep runs here now: counted as active, with a span (a child of the submitting call, if any).</summary>
    private void Track(string how)
    {
        metrics.SweepActive(Id, true);
        metrics.BestMetric(Id, MetricName, BestFigure());
        if (_span is not null) return;
        _span = SweepTelemetry.Source.StartActivity("sweep", ActivityKind.Internal);
        _span?.SetTag("sweep.id", Id);
        _span?.SetTag("sweep.name", _spec?.Name);
        _span?.SetTag("sweep.start", how);
    }

    private void Untrack(string end)
    {
        metrics.SweepActive(Id, false);
        _span?.SetTag("sweep.end", end);
        _span?.Dispose();
        _span = null;
    }
}
