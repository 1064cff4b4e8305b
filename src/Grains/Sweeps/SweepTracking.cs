using System.Diagnostics;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A sweep's telemetry while its coordinator runs on this silo: counted as active, its best metric so far, and a span
/// (one per activation, since a span cannot move between silos) whose children are the trials started from it.
/// </summary>
internal sealed class SweepTracking(SweepMetrics metrics, string sweepId)
{
    private Activity? _span;

    /// <summary>The sweep runs here now (<paramref name="how"/>: submitted, resumed, retried); the span is a child of the calling one, if any.</summary>
    public void Begin(SweepSpec spec, SweepSearch? search, string how)
    {
        metrics.SweepActive(sweepId, true);
        Best(spec, search);
        if (_span is not null) return;
        _span = SweepTelemetry.Source.StartActivity("sweep", ActivityKind.Internal);
        _span?.SetTag("sweep.id", sweepId);
        _span?.SetTag("sweep.name", spec.Name);
        _span?.SetTag("sweep.start", how);
    }

    /// <summary>The best trial's value of the sweep's metric; none when there is none (or only a train-loss fallback).</summary>
    public void Best(SweepSpec spec, SweepSearch? search) =>
        metrics.BestMetric(sweepId, SweepSummary.NameOf(spec.Search.Metric),
            search?.Best is { } best && TrialRanking.Figure(best, search.Metric) is (double value, true) ? value : null);

    /// <summary>Calls made from here on, in this async flow, are children of the sweep's span.</summary>
    public void MakeCurrent()
    {
        if (_span is not null) Activity.Current = _span;
    }

    /// <summary>The sweep ended: the span says how.</summary>
    public void Ended(SweepPhase phase, string? error)
    {
        _span?.SetStatus(phase == SweepPhase.Failed ? ActivityStatusCode.Error : ActivityStatusCode.Ok, error);
        End(phase.ToString().ToLowerInvariant());
    }

    /// <summary>The sweep no longer runs here (<paramref name="end"/>: how it ended, or why the activation went).</summary>
    public void End(string end)
    {
        metrics.SweepActive(sweepId, false);
        _span?.SetTag("sweep.end", end);
        _span?.Dispose();
        _span = null;
    }
}
