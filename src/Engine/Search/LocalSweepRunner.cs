using System.Diagnostics;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Runs a whole sweep in this process on a few threads: the <see cref="SweepDriver"/>'s host on threads, as the
/// cluster's coordinator is its host on grains. Each thread pumps the driver for one run, trains it with
/// <see cref="Trainer.Run"/> (or runs the range test), and reports it; ASHA is asked at every epoch through an
/// <see cref="ITrainingObserver"/>. Without ASHA
/// the result does not depend on the number of threads (stages wait for all their runs); with ASHA, rung decisions
/// depend on which runs reach a rung first, so only one thread gives a reproducible result.
/// </summary>
public sealed class LocalSweepRunner
{
    private readonly int _threads;
    private readonly Action<Trial>? _onTrial;

    /// <param name="threads">Runs trained at once; 0: one per core.</param>
    /// <param name="onTrial">Called on a worker thread with each trial as the search learns of it (kept ones of a retry too), for progress.</param>
    public LocalSweepRunner(int threads = 0, Action<Trial>? onTrial = null)
    {
        _threads = threads > 0 ? threads : Environment.ProcessorCount;
        _onTrial = onTrial;
    }

    /// <summary>Runs <paramref name="spec"/> to the end (or cancellation) and returns its result, theory included.</summary>
    public SweepResult Run(SweepSpec spec, string sweepId = "local", CancellationToken cancel = default) => Run(spec, sweepId, null, [], cancel);

    /// <summary>Runs a refinement of a parent sweep: <paramref name="inheritedTrials"/> are the parent's Trials of the inherited outcomes.</summary>
    public SweepResult Run(SweepSpec spec, string sweepId, SweepInheritance? inheritance, IEnumerable<Trial> inheritedTrials, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(inheritedTrials);
        return Execute(spec, sweepId, inheritance, inheritedTrials, null, 0, cancel);
    }

    /// <summary>
    /// `sweep refine RESULTS.json`: a new sweep <paramref name="sweepId"/> that refines the finished sweep of
    /// <paramref name="parent"/> (<see cref="SweepInheritance.From"/>), reusing its trials.
    /// </summary>
    /// <exception cref="InputException">The parent cannot be refined, or the numbers are below 1.</exception>
    public SweepResult Refine(SweepResult parent, string sweepId, int? refinements, int? points, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var inheritance = SweepInheritance.From(parent, refinements, points);
        var keys = inheritance.Outcomes.Select(o => o.Key).ToHashSet();
        return Run(parent.Spec, sweepId, inheritance, parent.Trials.Where(t => keys.Contains(t.TrialId)), cancel);
    }

    /// <summary>
    /// `sweep retry RESULTS.json`: the same sweep again, in place, in this process: every trial and range test of
    /// <paramref name="previous"/> that did not fail and was not cancelled is kept as it is (its rate is replayed to
    /// the search, not trained), the others train again (attempts + 1), and the search goes on to its end.
    /// </summary>
    /// <exception cref="InputException">The result is a refinement's (its inherited trials are not in the file's search).</exception>
    public SweepResult Retry(SweepResult previous, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(previous);
        var prefix = previous.SweepId + "/";
        if (previous.ParentSweepId is not null || previous.Trials.Any(t => !t.TrialId.StartsWith(prefix, StringComparison.Ordinal)))
            throw new InputException($"sweep {previous.SweepId} refines {previous.ParentSweepId ?? "another sweep"}: retry it by its id on the cluster that ran it.");
        var replay = new Replay(previous.Trials.ToDictionary(t => t.TrialId[prefix.Length..]), previous.LrFinderByArm);
        return Execute(previous.Spec, previous.SweepId, null, [], replay, previous.WallSeconds, cancel);
    }

    private SweepResult Execute(SweepSpec spec, string sweepId, SweepInheritance? inheritance, IEnumerable<Trial> inheritedTrials, Replay? replay,
        double earlierWallSeconds, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        var sweep = new Sweep(new SweepDriver(spec, inheritance), sweepId, replay, _onTrial, cancel);
        sweep.Inherit(inheritedTrials);
        var workers = Enumerable.Range(0, _threads).Select(i => new Thread(sweep.Work) { IsBackground = true, Name = $"sweep-{i}" }).ToArray();
        using (cancel.Register(sweep.Wake))
        {
            foreach (var worker in workers) worker.Start();
            foreach (var worker in workers) worker.Join();
        }
        sweep.Fault?.Throw();
        var status = sweep.End?.Status ?? SweepStatus.Cancelled;
        var theory = SweepTheory.Compute(spec, sweep.Search.Outcomes);
        return SweepResultBuilder.Build(sweepId, sweep.Search, sweep.Trials, status, theory, earlierWallSeconds + clock.Elapsed.TotalSeconds);
    }

    /// <summary>An earlier result's runs, by key: those that did not fail and were not cancelled are kept.</summary>
    private sealed class Replay(IReadOnlyDictionary<string, Trial> trials, IReadOnlyList<LrFinderResult?> rangeTests)
    {
        public Trial? Kept(TrialRequest request) =>
            trials.TryGetValue(request.Key, out var t) && SweepDriver.Keeps(t.Status)
            && LogGrid.Same(t.LearningRate, request.LearningRate, LogGrid.RerunTolerance) && SameConfiguration(t, request) ? t : null;

        // A search over parameters may propose other configurations once a failed run trains again: keep only a match.
        private static bool SameConfiguration(Trial trial, TrialRequest request) =>
            request.Parameters is null || trial.Parameters is { } ran && request.Parameters.All(p => ran.TryGetValue(p.Key, out var v) && v == p.Value);

        public int EarlierAttempts(TrialRequest request) => trials.TryGetValue(request.Key, out var t) ? t.Attempts : 0;

        public LrFinderResult? KeptRangeTest(TrialRequest request) => request.Arm < rangeTests.Count ? rangeTests[request.Arm] : null;
    }

    /// <summary>The shared state of one run of the runner; every touch of the search holds the gate.</summary>
    private sealed class Sweep(SweepDriver driver, string sweepId, Replay? replay, Action<Trial>? onTrial, CancellationToken cancel)
    {
        private readonly SweepSearch search = driver.Search;
        // Runs the driver handed out, for threads that found none at their pump.
        private readonly Queue<TrialRequest> _ready = [];

        // A monitor, not a Lock: workers wait on it for the runs of other threads to finish a stage.
        private readonly object _gate = new();
        private readonly List<Trial> _trials = [];

        public SweepSearch Search => search;

        /// <summary>How the sweep ended; null while it runs, or when it was cancelled from outside.</summary>
        public SweepEnd? End { get; private set; }

        public IReadOnlyList<Trial> Trials => _trials;

        public System.Runtime.ExceptionServices.ExceptionDispatchInfo? Fault { get; private set; }

        public void Inherit(IEnumerable<Trial> trials) => _trials.AddRange(trials);

        public void Wake()
        {
            lock (_gate) Monitor.PulseAll(_gate);
        }

        public void Work()
        {
            try
            {
                while (Take() is { } request)
                {
                    if (request.Purpose == TrialPurpose.RangeTest) RangeTest(request);
                    else Train(request);
                }
            }
            catch (Exception e)
            {
                lock (_gate)
                {
                    Fault ??= System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>The next run, waiting while the current stages wait for runs of other threads; null when done.</summary>
        private TrialRequest? Take()
        {
            lock (_gate)
            {
                while (true)
                {
                    if (End is not null || cancel.IsCancellationRequested || Fault is not null) return null;
                    if (_ready.TryDequeue(out var ready)) return ready;
                    var effects = driver.Pump(1);
                    foreach (var launch in effects.Launches) _ready.Enqueue(launch.Request);
                    foreach (var test in effects.RangeTests) _ready.Enqueue(test);
                    if (effects.End is { } end)
                    {
                        if (end.Status == SweepStatus.Failed) throw new InvalidOperationException(end.Error);
                        End = end;
                        Monitor.PulseAll(_gate);
                        return null;
                    }
                    if (_ready.Count == 0) Monitor.Wait(_gate);
                }
            }
        }

        private void Train(TrialRequest request)
        {
            var trial = replay?.Kept(request) ?? Fresh(request);
            trial = trial with { TrialId = SweepResultBuilder.TrialId(sweepId, request.Key), Arm = request.Arm, Stage = request.Stage };
            lock (_gate)
            {
                _trials.Add(trial);
                driver.RunEnded(TrialOutcome.From(request, trial), null);
                Monitor.PulseAll(_gate);
            }
            onTrial?.Invoke(trial);
        }

        private Trial Fresh(TrialRequest request)
        {
            var plan = search.PlanFor(request);
            Trial trial;
            try
            {
                trial = Trainer.Run(plan, null, new RungObserver(this, request.Key), cancel);
            }
            catch (Exception e) when (e is InputException or OperationCanceledException)
            {
                trial = new Trial("", 0, 0, request.LearningRate, plan.Optimizer, plan.Schedule,
                    e is OperationCanceledException ? TrialStatus.Cancelled : TrialStatus.Failed, e.Message,
                    0, 0, null, null, null, null, 1, 0, null, null);
            }
            return replay is null ? trial : trial with { Attempts = replay.EarlierAttempts(request) + 1 };
        }

        private void RangeTest(TrialRequest request)
        {
            LrFinderResult? result = replay?.KeptRangeTest(request);
            var cancelled = false;
            try
            {
                result ??= LrRangeTest.Run(search.PlanFor(request), search.RangeTestSettings!, null, cancel);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }
            catch (InputException)
            {
                // Ends failed, below.
            }
            lock (_gate)
            {
                driver.RangeTestEnded(request.Key, result, cancelled);
                Monitor.PulseAll(_gate);
            }
        }

        public bool ContinueAtRung(string key, int epoch, double value)
        {
            lock (_gate) return driver.RungReached(key, epoch, value).GoOn;
        }
    }

    /// <summary>Asks ASHA at the end of every epoch; the search answers true between rungs.</summary>
    private sealed class RungObserver(Sweep sweep, string key) : ITrainingObserver
    {
        public bool OnEpoch(EpochPoint epoch, TrainingProgress progress) =>
            sweep.ContinueAtRung(key, epoch.Epoch + 1, TrialRanking.EpochValue(epoch, sweep.Search.Metric));
    }
}
