using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using SweepCluster.Grains.Slots;

namespace SweepCluster.Grains.Telemetry;

/// <summary>
/// The <c>sweep_*</c> instruments of docs/metrics.md, one set per silo (a DI singleton). Live values (running trials, their
/// loss and η, steps and samples) are observed at scrape time from the registry of running trials, so the training
/// loop pays nothing per step; a trial's loss and η series exist only while it is registered, which bounds their
/// number by the silo's slots. Names are written without the unit and <c>_total</c> suffixes that the Prometheus
/// exporter appends.
/// </summary>
/// <remarks>A silo lifecycle participant only so that it is created when the silo starts: the slots gauge and the zero
/// counts are then there from the first scrape, not from the first trial.</remarks>
public sealed class SweepMetrics : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>The decision histogram's instrument name (Prometheus: sweep_coordinator_decision_seconds).</summary>
    public const string CoordinatorDecision = "sweep_coordinator_decision";

    private static readonly double[] DurationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>
    /// The decision histogram's bucket bounds in seconds: dense from 0.1 ms to 10 ms, where decisions fall and the 1 ms
    /// goal lies (no bucket there is over 1.5× as wide as its lower bound), so that a p50 or p99 estimated from the buckets
    /// (Prometheus' histogram_quantile, Cluster.Bench scale) can tell 0.4 ms from 0.9 ms, which bounds 2–2.5× apart could not.
    /// </summary>
    public static IReadOnlyList<double> DecisionBuckets { get; } =
        [5e-5, 1e-4, 1.5e-4, 2e-4, 3e-4, 4e-4, 5e-4, 6e-4, 8e-4, 1e-3, 1.25e-3, 1.5e-3, 2e-3, 2.5e-3, 3e-3, 4e-3, 5e-3, 7.5e-3, 1e-2, 1.5e-2, 2.5e-2, 5e-2, 0.1, 0.25, 1];

    private readonly ConcurrentDictionary<RunningTrial, byte> _running = new();
    private readonly ConcurrentDictionary<string, (string Metric, double Value)> _best = new();
    private readonly ConcurrentDictionary<string, byte> _activeSweeps = new();
    private readonly Counter<long> _finished;
    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _decision;
    // Guards moving a trial from running to finished against a scrape summing both: a counter seen to fall would be
    // taken by Prometheus for a restart.
    private readonly Lock _totals = new();
    private long _finishedSteps;
    private long _finishedSamples;

    public SweepMetrics(IMeterFactory meters, TrainingSlots slots)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(slots);
        var meter = meters.Create(SweepTelemetry.MeterName);
        meter.CreateObservableGauge("sweep_trials_running", () => _running.Count, "{trial}", "trials training on this silo now");
        meter.CreateObservableGauge("sweep_trial_slots", () => slots.Capacity, "{slot}", "training runs this silo trains at once (--slots)");
        _finished = meter.CreateCounter<long>("sweep_trials_finished", "{trial}", "trials that ended on this silo, by status");
        _duration = meter.CreateHistogram("sweep_trial_duration", "s", "wall time of a trial", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        meter.CreateObservableCounter("sweep_training_steps", () => Total(ref _finishedSteps, p => p.Step), "{step}", "optimizer steps taken on this silo");
        meter.CreateObservableCounter("sweep_training_samples", () => Total(ref _finishedSamples, p => p.Samples), "{sample}", "training samples processed on this silo");
        meter.CreateObservableGauge("sweep_trial_loss", () => PerTrial(p => p.Loss), null, "latest training loss of each running trial");
        meter.CreateObservableGauge("sweep_trial_learning_rate", () => PerTrial(p => p.LearningRate), null, "the rate each running trial's schedule gives now");
        meter.CreateObservableGauge("sweep_sweeps_active", () => _activeSweeps.Count, "{sweep}", "sweeps whose coordinator runs on this silo");
        meter.CreateObservableGauge("sweep_best_metric", Best, null, "best value of each active sweep's metric so far");
        _decision = meter.CreateHistogram(CoordinatorDecision, "s", "time the coordinator takes per decision: a trial's end reported, the next runs issued and started, the write that logs them sent", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DecisionBuckets });
    }

    public void Participate(ISiloLifecycle observer)
    {
    }

    /// <summary>Trials training here now.</summary>
    public int Running => _running.Count;

    /// <summary>A trial starts training here; dispose the result when its training ends (in any way).</summary>
    public IDisposable Training(RunningTrial trial)
    {
        ArgumentNullException.ThrowIfNull(trial);
        _running[trial] = 0;
        return new Registration(this, trial);
    }

    /// <summary>A trial ended here with <paramref name="status"/> after <paramref name="wallSeconds"/>.</summary>
    public void Finished(string status, double wallSeconds)
    {
        var tag = new KeyValuePair<string, object?>("status", status);
        _finished.Add(1, tag);
        _duration.Record(wallSeconds, tag);
    }

    /// <summary>The coordinator of <paramref name="sweepId"/> runs here (true) or no longer does (false).</summary>
    public void SweepActive(string sweepId, bool active)
    {
        if (active) _activeSweeps[sweepId] = 0;
        else
        {
            _activeSweeps.TryRemove(sweepId, out _);
            _best.TryRemove(sweepId, out _);
        }
    }

    /// <summary>The best value so far of the sweep's metric (none yet: null).</summary>
    public void BestMetric(string sweepId, string metric, double? value)
    {
        if (value is double v && _activeSweeps.ContainsKey(sweepId)) _best[sweepId] = (metric, v);
        else _best.TryRemove(sweepId, out _);
    }

    public void Decision(TimeSpan elapsed) => _decision.Record(elapsed.TotalSeconds);

    private long Total(ref long finished, Func<Engine.Training.TrainingProgress, long> live)
    {
        lock (_totals) return finished + _running.Keys.Sum(t => live(t.Progress));
    }

    private IEnumerable<Measurement<double>> PerTrial(Func<Engine.Training.TrainingProgress, double> value)
    {
        foreach (var trial in _running.Keys)
        {
            var v = value(trial.Progress);
            if (double.IsFinite(v))
                yield return new Measurement<double>(v, new("sweep", trial.SweepId), new("trial", trial.TrialId), new("arm", trial.Arm.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private IEnumerable<Measurement<double>> Best()
    {
        foreach (var (sweep, (metric, value)) in _best)
            yield return new Measurement<double>(value, new("sweep", sweep), new("metric", metric));
    }

    private sealed class Registration(SweepMetrics metrics, RunningTrial trial) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) != 0) return;
            lock (metrics._totals)
            {
                metrics._finishedSteps += trial.Progress.Step;
                metrics._finishedSamples += trial.Progress.Samples;
                metrics._running.TryRemove(trial, out _);
            }
        }
    }
}
