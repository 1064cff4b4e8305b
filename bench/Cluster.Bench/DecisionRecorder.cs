using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Cluster.Bench;

/// <summary>Listens to the coordinator's <see cref="SweepMetrics.CoordinatorDecision"/> histogram as an exporter would.</summary>
internal sealed class DecisionRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<double> _seconds = new();

    public DecisionRecorder()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: SweepTelemetry.MeterName, Name: SweepMetrics.CoordinatorDecision }) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, value, _, _) => _seconds.Enqueue(value));
        _listener.Start();
    }

    /// <summary>The decisions recorded since the last call, in µs.</summary>
    public double[] Drain()
    {
        var drained = new List<double>();
        while (_seconds.TryDequeue(out var s)) drained.Add(s * 1e6);
        return drained.ToArray();
    }

    public void Dispose() => _listener.Dispose();
}
