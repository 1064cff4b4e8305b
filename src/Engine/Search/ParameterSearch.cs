using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The configurations of a search over parameters, in order: a grid's every combination, random draws, or TPE
/// proposals. Configuration c is proposed as a pure function of the seed, c and the ends of configurations
/// 0 … c − window, never of the order or timing in which runs ended: so a search restored from any stored prefix of
/// its log, or run again from the start, proposes the same configurations.
/// </summary>
/// <remarks>
/// <para>TPE waits, before proposing c, for every run of configurations up to c − window to end, and counts the
/// configurations after those as running ("constant liar"), whether or not they have ended yet. The window is the
/// number of configurations that may run at once: search.concurrency / repeats, or <see cref="DefaultWindow"/> when
/// concurrency is not set. Random and grid proposals use no observations, so every configuration is ready at once.</para>
/// <para>With repeats, TPE observes each configuration once, by the mean over its repeats: the seeds are noise around
/// one configuration's value, and k copies of one point would narrow the Parzen estimators around it. A configuration
/// with a diverged repeat counts as diverged, one with a stopped repeat as stopped at its shallowest epoch, one whose
/// repeats all failed as failed (left out, as Optuna leaves failed trials out).</para>
/// </remarks>
internal sealed class ParameterSearch
{
    /// <summary>TPE's configurations in flight at once when search.concurrency is not set.</summary>
    public const int DefaultWindow = 4;

    private readonly SearchSpace? _space;
    private readonly ISearchSampler? _sampler;
    private readonly IReadOnlyDictionary<string, ParameterValue>[]? _grid;
    private readonly int _window;
    private readonly double? _fixedRate;
    private readonly Metric _metric;
    private readonly List<SearchPoint?> _points = [];
    private readonly List<TrialObservation> _observations = [];
    private int _observedThrough;
    private Func<int, IReadOnlyDictionary<string, ParameterValue>?>? _logged;
    private int _endedThrough;

    private ParameterSearch(SearchSpec search, ArmSpec arm, Func<int, IReadOnlyDictionary<string, ParameterValue>?>? logged)
    {
        var parameters = search.Parameters!;
        Repeats = search.Repeats;
        _metric = search.Metric;
        _logged = logged;
        _fixedRate = arm.FixedLearningRate();
        _window = int.MaxValue;
        switch (search)
        {
            case GridSearchSpec:
                _grid = [.. ParameterGrid.Configurations(parameters)];
                Total = _grid.Length;
                break;
            case RandomSearchSpec r:
                _space = SpecSearchSpace.From(search);
                _sampler = new RandomSampler(_space, r.Seed);
                Total = r.Trials;
                break;
            case TpeSearchSpec t:
                _space = SpecSearchSpace.From(search);
                _sampler = new TpeSampler(_space, t.Seed);
                Total = t.Trials;
                _window = search.Concurrency is int c ? Math.Max(1, c / Repeats) : DefaultWindow;
                break;
            default:
                throw new ArgumentException($"a {search.GetType().Name} does not search parameters.", nameof(search));
        }
    }

    /// <summary>The search of <paramref name="search"/>'s parameters, or null for a search over η alone.</summary>
    /// <param name="logged">A restored log's configuration c, when it has one: taken as it was proposed then.</param>
    public static ParameterSearch? For(SearchSpec search, ArmSpec arm, Func<int, IReadOnlyDictionary<string, ParameterValue>?>? logged = null) =>
        search.Parameters is null ? null : new ParameterSearch(search, arm, logged);

    /// <summary>How many configurations the search runs.</summary>
    public int Total { get; }

    public int Repeats { get; }

    /// <summary>How many configurations were proposed so far.</summary>
    public int Proposed => _points.Count;

    /// <summary>
    /// The next configuration's values and η, or null when all are proposed or the next waits for runs to end.
    /// <paramref name="runsOf"/> gives a configuration's outcomes, one per repeat (null: not ended).
    /// </summary>
    public (IReadOnlyDictionary<string, ParameterValue> Values, double LearningRate)? Next(Func<int, IReadOnlyList<TrialOutcome?>> runsOf)
    {
        var c = Proposed;
        if (c >= Total || !Ready(c, runsOf)) return null;
        IReadOnlyDictionary<string, ParameterValue> values;
        if (_grid is not null)
        {
            values = _grid[c];
            _points.Add(null);
        }
        else
        {
            var point = Logged(c) ?? _sampler!.Propose(c, _sampler is TpeSampler ? Observations(c, runsOf) : []);
            _points.Add(point);
            values = _space!.Describe(point);
        }
        var rate = values.TryGetValue(SearchParameter.LearningRate, out var eta) ? eta.Number
            : _fixedRate ?? throw new InvalidOperationException("a search over parameters without learningRate needs the arm's own η.");
        return (values, rate);
    }

    /// <summary>The values of proposed configuration <paramref name="c"/>, as <see cref="Next"/> gave them.</summary>
    public IReadOnlyDictionary<string, ParameterValue> ValuesOf(int c) => _grid is not null ? _grid[c] : _space!.Describe(_points[c]!);

    /// <summary>Lets go of a restored log once every configuration it holds was proposed again.</summary>
    public void ForgetLog() => _logged = null;

    /// <summary>Whether every run of configurations 0 … c − window has ended.</summary>
    private bool Ready(int c, Func<int, IReadOnlyList<TrialOutcome?>> runsOf)
    {
        if (_window == int.MaxValue) return true;
        while (_endedThrough <= c - _window && runsOf(_endedThrough).All(o => o is not null)) _endedThrough++;
        return _endedThrough > c - _window;
    }

    private SearchPoint? Logged(int c)
    {
        if (_logged?.Invoke(c) is not { } values) return null;
        try
        {
            return _space!.PointOf(values);
        }
        catch (InputException e)
        {
            throw new InvalidOperationException($"the log does not fit the spec: configuration {c} {e.Message}", e);
        }
    }

    /// <summary>
    /// The observations of configurations 0 … c − 1, in one list kept between proposals: an ended configuration's
    /// observation never changes within this search (a retry restores a new one), so each is worked out once, and only
    /// the window still counted as running is rewritten.
    /// </summary>
    private List<TrialObservation> Observations(int c, Func<int, IReadOnlyList<TrialOutcome?>> runsOf)
    {
        for (; _observedThrough < c && _observedThrough <= c - _window; _observedThrough++)
            Put(_observedThrough, Observe(_points[_observedThrough]!, runsOf(_observedThrough)));
        for (var j = _observedThrough; j < c; j++) Put(j, TrialObservation.InFlight(_points[j]!));
        if (_observations.Count > c) _observations.RemoveRange(c, _observations.Count - c);
        return _observations;

        void Put(int j, TrialObservation observation)
        {
            if (j < _observations.Count) _observations[j] = observation;
            else _observations.Add(observation);
        }
    }

    /// <summary>A configuration's observation from its runs' ends (see the remarks).</summary>
    private TrialObservation Observe(SearchPoint point, IReadOnlyList<TrialOutcome?> runs)
    {
        var values = new List<double>(runs.Count);
        int? stoppedAt = null;
        var diverged = false;
        foreach (var run in runs)
        {
            if (run is null) return TrialObservation.InFlight(point);
            switch (run.Status)
            {
                case TrialStatus.Failed or TrialStatus.Cancelled:
                    continue;
                case TrialStatus.Diverged:
                    diverged = true;
                    continue;
            }
            var (figure, isMetric) = TrialRanking.Figure(run, _metric);
            if (figure is not { } v || !isMetric || !double.IsFinite(v))
            {
                diverged = true;
                continue;
            }
            values.Add(TrialRanking.Maximizes(_metric) ? -v : v);
            if (run.Status == TrialStatus.Stopped) stoppedAt = Math.Min(stoppedAt ?? int.MaxValue, run.EpochsCompleted);
        }
        if (diverged) return TrialObservation.Diverged(point);
        if (values.Count == 0) return TrialObservation.Failed(point);
        var mean = values.Average();
        return stoppedAt is { } step ? TrialObservation.Pruned(point, step, mean) : TrialObservation.Completed(point, mean);
    }
}
