using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// One arm's search: its stages in order, each planned by the strategy once the previous one finished, the requests
/// of the current stage issued one by one, the outcomes, the best trial, ASHA's rungs. Its state is a function of the
/// set of requests issued and runs reported, not of their order, which is what lets a search be restored.
/// </summary>
internal sealed class ArmSearch : IArmProgress
{
    private readonly IArmStrategy _strategy;
    private readonly TrialRanking _ranking;
    private readonly IRungRule? _rungs;
    // A search over parameters: its configurations, proposed as the runs before them end; null for η alone.
    private readonly ParameterSearch? _parameters;
    private readonly int _repeats;
    private TrialOutcome? _best;
    private bool _bestStale;
    private readonly List<Stage> _stages = [];
    private readonly Dictionary<string, TrialRequest> _requests = [];
    private readonly HashSet<string> _inFlight = [];
    private readonly Dictionary<string, TrialOutcome> _outcomes = [];
    // Range tests reported without a result (failed or cancelled): what a retry runs again.
    private readonly Dictionary<string, TrialOutcome> _failedRangeTests = [];
    private readonly Dictionary<TrialStatus, int> _statusCounts = [];
    private readonly List<double> _runRates = [];
    private readonly List<string> _runKeys = [];
    private int _issued;

    /// <param name="inheritance">A refinement sweep's parent runs (any arm's; this arm takes its own), or null.</param>
    /// <param name="logged">A restored log's request of a key, or null: a search over parameters takes its configurations from it.</param>
    public ArmSearch(int arm, ArmSpec spec, SearchSpec search, SweepInheritance? inheritance = null, Func<string, TrialRequest?>? logged = null)
    {
        Arm = arm;
        _ranking = new TrialRanking(search.Metric);
        _rungs = RungRules.For(search, spec.Training.Epochs);
        _repeats = Math.Max(1, search.Repeats);
        if (inheritance is null && search.Parameters is not null)
        {
            _parameters = ParameterSearch.For(search, spec, logged is null ? null : c => LoggedConfiguration(c, logged));
            _strategy = new SingleStageStrategy();
        }
        else if (inheritance is null)
        {
            _strategy = ArmStrategies.For(search, spec);
        }
        else
        {
            foreach (var outcome in inheritance.Outcomes.Where(o => o.Arm == arm)) Inherit(outcome);
            _strategy = new RefineStrategy([.. _runRates], inheritance.Refinements, inheritance.PointsPerRefinement);
        }
        Advance();
    }

    public int Arm { get; }

    public bool IsComplete { get; private set; }

    public int InFlight => _inFlight.Count;

    public IEnumerable<string> InFlightKeys => _inFlight;

    /// <summary>True for an arm that searches parameters (a grid of them, random or tpe) rather than η alone.</summary>
    public bool SearchesParameters => _parameters is not null;

    /// <summary>How many runs each configuration has (seeds training.seed + 0, 1, …).</summary>
    public int Repeats => _repeats;

    /// <summary>Requests of the current stage not issued yet.</summary>
    public int Pending => IsComplete ? 0 : Current.Requests.Count - _issued;

    public IReadOnlyList<double> RunRates => _runRates;

    public double? BestRate => Leader?.LearningRate;

    /// <summary>
    /// The best-ranked run so far whatever its status (a diverged one when every run diverged): what the strategies
    /// plan around. Planning must not change with the rules for naming a best, or a stored log would no longer replay.
    /// </summary>
    public TrialOutcome? Leader { get; private set; }

    /// <summary>
    /// The arm's best: the best-ranked run that may be named one (<see cref="TrialRanking.CanBeBest"/>); null when none
    /// may. With repeats, the best run of the configuration with the best mean (<see cref="RepeatGroups"/>).
    /// </summary>
    public TrialOutcome? Best
    {
        get
        {
            if (_bestStale)
            {
                _best = RepeatGroups.BestOf(Groups(), _ranking, _outcomes);
                _bestStale = false;
            }
            return _best;
        }
        private set => _best = value;
    }

    public LrFinderResult? RangeTest { get; private set; }

    public IReadOnlyCollection<TrialOutcome> Outcomes => _outcomes.Values;

    /// <summary>Range tests reported without a result (failed or cancelled).</summary>
    public IReadOnlyCollection<TrialOutcome> FailedRangeTests => _failedRangeTests.Values;

    /// <summary>The outcomes by status, kept as they are reported (a status line asks for them on every poll).</summary>
    public IReadOnlyDictionary<TrialStatus, int> StatusCounts => _statusCounts;

    public IReadOnlyList<int> Rungs => _rungs?.Epochs ?? [];

    private Stage Current => _stages[^1];

    /// <summary>The next request of the current stage, without issuing it; null when none is waiting.</summary>
    public TrialRequest? Peek() => Pending > 0 ? Current.Requests[_issued] : null;

    public TrialRequest Issue()
    {
        var request = Peek() ?? throw new InvalidOperationException($"arm {Arm} has no request waiting.");
        _issued++;
        _inFlight.Add(request.Key);
        return request;
    }

    public TrialRequest Request(string key) => _requests[key];

    public bool IsInFlight(string key) => _inFlight.Contains(key);

    /// <summary>Gives back the room of runs no longer in flight: a restore issues a whole stage before reporting it.</summary>
    public void TrimInFlight() => _inFlight.TrimExcess();

    public TrialOutcome? OutcomeOf(string key) =>
        _outcomes.TryGetValue(key, out var outcome) || _failedRangeTests.TryGetValue(key, out outcome) ? outcome : null;

    /// <summary>Records a run that ended; a repeated report of a finished run is ignored.</summary>
    public void Report(TrialOutcome outcome)
    {
        var request = InFlightRequest(outcome.Key, allowFinished: true);
        if (request is null) return;
        if (outcome.Arm != request.Arm || outcome.Stage != request.Stage)
            throw new ArgumentException($"the outcome of {outcome.Key} names arm {outcome.Arm}, stage {outcome.Stage}; the request was arm {request.Arm}, stage {request.Stage}.", nameof(outcome));
        _inFlight.Remove(request.Key);
        // One string per key in a search that holds every run: an outcome read back from a log has a key of its own.
        if (!ReferenceEquals(outcome.Key, request.Key)) outcome = outcome with { Key = request.Key };
        var stage = _stages[request.Stage];
        if (request.Purpose == TrialPurpose.Train)
        {
            Add(outcome);
            Leader = _ranking.Better(Leader, outcome);
            if (_repeats > 1) _bestStale = true;
            if (_ranking.CanBeBest(outcome))
            {
                if (_repeats == 1) Best = _ranking.Better(Best, outcome);
                stage.Best = _ranking.Better(stage.Best, outcome);
            }
        }
        else
        {
            _failedRangeTests[request.Key] = outcome;
        }
        stage.Finished++;
        Extend();
        Advance();
    }

    public void ReportRangeTest(string key, LrFinderResult result)
    {
        var request = InFlightRequest(key, allowFinished: false)!;
        if (request.Purpose != TrialPurpose.RangeTest) throw new ArgumentException($"{key} is a training run, not a range test.", nameof(key));
        _inFlight.Remove(key);
        RangeTest = result;
        _stages[request.Stage].Finished++;
        Advance();
    }

    public bool ContinueAtRung(string key, int epoch, double metricValue, Metric metric)
    {
        if (!_requests.TryGetValue(key, out var request)) throw new ArgumentException($"{key} was never issued.", nameof(key));
        if (_rungs is null || request.Purpose != TrialPurpose.Train) return true;
        return _rungs.Continue(key, request.Stage, epoch, TrialRanking.Maximizes(metric) ? -metricValue : metricValue);
    }

    public IEnumerable<SearchStage> Stages() => _stages.Select(s => new SearchStage(
        s.Index, Arm, s.Kind, _parameters is null ? s.Rates : [.. s.Requests.Select(r => r.LearningRate).Distinct().Order()],
        s.Kind == StageKind.LrFinder ? RangeTest?.Suggested : _parameters is not null || _repeats > 1 ? Best?.LearningRate : s.Best?.LearningRate));

    /// <summary>The arm's training runs by configuration: each configuration's requests, one per repeat, in issue order.</summary>
    public IEnumerable<IReadOnlyList<TrialRequest>> Groups() =>
        _stages.SelectMany(s => s.Requests.Where(r => r.Purpose == TrialPurpose.Train).Chunk(_repeats));

    private TrialRequest? InFlightRequest(string key, bool allowFinished)
    {
        if (!_requests.TryGetValue(key, out var request)) throw new ArgumentException($"{key} was never issued.", nameof(key));
        if (_inFlight.Contains(key)) return request;
        if (allowFinished && (_outcomes.ContainsKey(key) || _stages[request.Stage].Finished > 0 && request.Purpose == TrialPurpose.RangeTest))
            return null;
        throw new InvalidOperationException($"{key} is not running: it was {(IsIssued(request) ? "already reported" : "never issued")}.");
    }

    private bool IsIssued(TrialRequest request) => request.Stage < _stages.Count - 1 || Current.Requests.IndexOf(request) < _issued;

    /// <summary>Plans stages until one has runs to wait for, or the strategy is done.</summary>
    private void Advance()
    {
        while (!IsComplete && (_stages.Count == 0 || Current.Finished == Current.Planned))
        {
            var plan = _strategy.Plan(_stages.Count, this);
            if (plan is null) { IsComplete = true; break; }
            _stages.Add(NewStage(_stages.Count, plan));
            _issued = 0;
            Extend();
        }
    }

    private Stage NewStage(int index, StagePlan plan)
    {
        var stage = new Stage(index, plan.Kind, plan.LearningRates);
        if (_parameters is not null)
        {
            // Its runs are added as their configurations are proposed (Extend).
            stage.PlannedRuns = _parameters.Total * _repeats;
            return stage;
        }
        if (plan.Kind == StageKind.LrFinder)
        {
            Add(new TrialRequest(TrialRequest.KeyOf(Arm, index, 0), Arm, index, plan.RangeTestStart, TrialPurpose.RangeTest));
            return stage;
        }
        foreach (var rate in plan.LearningRates)
        {
            var at = FindRun(rate);
            if (at >= 0)
            {
                // Already run by an earlier stage: covered, not rerun (ranked with this stage).
                if (_outcomes.TryGetValue(_runKeys[at], out var earlier) && _ranking.CanBeBest(earlier)) stage.Best = _ranking.Better(stage.Best, earlier);
                continue;
            }
            for (var repeat = 0; repeat < _repeats; repeat++)
                Add(new TrialRequest(TrialRequest.KeyOf(Arm, index, stage.Requests.Count), Arm, index, rate, TrialPurpose.Train) { Repeat = repeat });
        }
        return stage;

        void Add(TrialRequest request) => AddRequest(stage, request);
    }

    private void AddRequest(Stage stage, TrialRequest request)
    {
        stage.Requests.Add(request);
        _requests.Add(request.Key, request);
        if (request.Purpose != TrialPurpose.Train) return;
        var at = _runRates.BinarySearch(request.LearningRate);
        at = at < 0 ? ~at : at;
        _runRates.Insert(at, request.LearningRate);
        _runKeys.Insert(at, request.Key);
    }

    /// <summary>A search over parameters: adds the runs of every configuration that is ready to be proposed.</summary>
    private void Extend()
    {
        if (_parameters is null || _stages.Count == 0) return;
        var stage = Current;
        while (_parameters.Next(RunsOf) is { } next)
        {
            var c = _parameters.Proposed - 1;
            for (var repeat = 0; repeat < _repeats; repeat++)
            {
                AddRequest(stage, new TrialRequest(TrialRequest.KeyOf(Arm, stage.Index, c * _repeats + repeat), Arm, stage.Index, next.LearningRate, TrialPurpose.Train)
                {
                    Parameters = next.Values,
                    Repeat = repeat,
                });
            }
        }

        IReadOnlyList<TrialOutcome?> RunsOf(int configuration) =>
            [.. Enumerable.Range(configuration * _repeats, _repeats).Select(i => _outcomes.GetValueOrDefault(stage.Requests[i].Key))];
    }

    /// <summary>The configuration a restored log holds for configuration <paramref name="c"/>, from any of its repeats.</summary>
    private IReadOnlyDictionary<string, ParameterValue>? LoggedConfiguration(int c, Func<string, TrialRequest?> logged)
    {
        for (var repeat = 0; repeat < _repeats; repeat++)
            if (logged(TrialRequest.KeyOf(Arm, 0, c * _repeats + repeat)) is { Parameters: { } values }) return values;
        return null;
    }

    /// <summary>A parent's run: known and ranked from the start, so the stages plan around it and never rerun its rate.</summary>
    private void Inherit(TrialOutcome outcome)
    {
        if (FindRun(outcome.LearningRate) >= 0) return;
        var at = ~_runRates.BinarySearch(outcome.LearningRate);
        _runRates.Insert(at, outcome.LearningRate);
        _runKeys.Insert(at, outcome.Key);
        Add(outcome with { Stage = 0 });
        var inherited = _outcomes[outcome.Key];
        Leader = _ranking.Better(Leader, inherited);
        if (_ranking.CanBeBest(inherited)) Best = _ranking.Better(Best, inherited);
    }

    private void Add(TrialOutcome outcome)
    {
        if (_outcomes.TryGetValue(outcome.Key, out var replaced)) _statusCounts[replaced.Status]--;
        _outcomes[outcome.Key] = outcome;
        _statusCounts[outcome.Status] = _statusCounts.GetValueOrDefault(outcome.Status) + 1;
    }

    /// <summary>The index in the run rates of a rate within <see cref="LogGrid.RerunTolerance"/> of <paramref name="rate"/>, or −1.</summary>
    private int FindRun(double rate)
    {
        var at = _runRates.BinarySearch(rate);
        if (at >= 0) return at;
        at = ~at;
        if (at < _runRates.Count && LogGrid.Same(_runRates[at], rate, LogGrid.RerunTolerance)) return at;
        if (at > 0 && LogGrid.Same(_runRates[at - 1], rate, LogGrid.RerunTolerance)) return at - 1;
        return -1;
    }

    private sealed class Stage(int index, StageKind kind, double[] rates)
    {
        public int Index { get; } = index;
        public StageKind Kind { get; } = kind;
        public double[] Rates { get; } = rates;
        public List<TrialRequest> Requests { get; } = [];
        public int Finished { get; set; }

        /// <summary>How many requests the stage will have once every one is planned: its requests, or for a search over parameters (which plans them as it goes) <see cref="PlannedRuns"/>.</summary>
        public int Planned => PlannedRuns ?? Requests.Count;

        public int? PlannedRuns { get; set; }
        public TrialOutcome? Best { get; set; }
    }
}
