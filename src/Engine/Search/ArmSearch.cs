using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// One arm's search: its stages in order, each planned by the strategy once the previous one finished, the requests
/// of the current stage issued one by one, the outcomes, the best trial, ASHA's rungs. Its state is a function of the
/// set of requests issued and runs reported, not of their order, which is what lets a search be restored.
/// </summary>
/// <remarks>
/// Each run is one <see cref="RunRecord"/> in its stage, found by its key's numbers (<see cref="RunPlace"/>): requests
/// and outcomes are made again from it when asked for, so a large sweep keeps tens of bytes a run, not its objects.
/// </remarks>
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
    // The runs in flight, by index in the current stage: a stage is planned only once every run of the one before ended.
    private readonly HashSet<int> _inFlight = [];
    // A refinement's parent runs, kept whole: their keys are trial ids of another sweep.
    private readonly List<TrialOutcome> _inherited = [];
    // The η an outcome named when it differs from the planned one (a log written by another version): rare.
    private Dictionary<(int Stage, int Index), double>? _reportedRates;
    private readonly Dictionary<TrialStatus, int> _statusCounts = [];
    // Every training run's η in order, and where the run is (stage −1: an inherited run, by its index in _inherited). A
    // search over parameters never looks a rate up: its rates are appended, and sorted only when read.
    private readonly List<double> _runRates = [];
    private readonly List<(int Stage, int Index)> _runAt = [];
    private bool _ratesUnsorted;
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

    public IEnumerable<string> InFlightKeys => _inFlight.Select(i => TrialRequest.KeyOf(Arm, Current.Index, i));

    /// <summary>True for an arm that searches parameters (a grid of them, random or tpe) rather than η alone.</summary>
    public bool SearchesParameters => _parameters is not null;

    /// <summary>How many runs each configuration has (seeds training.seed + 0, 1, …).</summary>
    public int Repeats => _repeats;

    /// <summary>Requests of the current stage not issued yet.</summary>
    public int Pending => IsComplete ? 0 : Current.Runs.Count - _issued;

    public IReadOnlyList<double> RunRates
    {
        get
        {
            if (_ratesUnsorted) _runRates.Sort();
            _ratesUnsorted = false;
            return _runRates;
        }
    }

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
                _best = RepeatGroups.BestOf(GroupOutcomes(), _ranking);
                _bestStale = false;
            }
            return _best;
        }
        private set => _best = value;
    }

    public LrFinderResult? RangeTest { get; private set; }

    /// <summary>The reported training runs: the inherited ones, then stage by stage in index order.</summary>
    public IEnumerable<TrialOutcome> Outcomes => _inherited.Concat(Reported(train: true));

    /// <summary>Range tests reported without a result (failed or cancelled).</summary>
    public IEnumerable<TrialOutcome> FailedRangeTests => Reported(train: false);

    /// <summary>The outcomes by status, kept as they are reported (a status line asks for them on every poll).</summary>
    public IReadOnlyDictionary<TrialStatus, int> StatusCounts => _statusCounts;

    public IReadOnlyList<int> Rungs => _rungs?.Epochs ?? [];

    private Stage Current => _stages[^1];

    /// <summary>The next request of the current stage, without issuing it; null when none is waiting.</summary>
    public TrialRequest? Peek() => Pending > 0 ? RequestAt(Current.Index, _issued) : null;

    /// <summary>Issues the next request of the current stage; <paramref name="place"/> is where it is.</summary>
    public TrialRequest Issue(out RunPlace place)
    {
        var request = Peek() ?? throw new InvalidOperationException($"arm {Arm} has no request waiting.");
        place = new RunPlace(Arm, Current.Index, _issued);
        _inFlight.Add(_issued);
        _issued++;
        return request;
    }

    /// <summary>True for a place this arm planned and issued.</summary>
    public bool IsIssued(RunPlace place) =>
        place.Stage < _stages.Count && place.Index < _stages[place.Stage].Runs.Count && (place.Stage < _stages.Count - 1 || place.Index < _issued);

    /// <summary>The request of a planned run.</summary>
    /// <exception cref="ArgumentException">This arm never planned <paramref name="key"/>.</exception>
    public TrialRequest Request(string key)
    {
        var place = Planned(key);
        return RequestAt(place.Stage, place.Index, key);
    }

    /// <summary>The request of an issued run.</summary>
    public TrialRequest Request(RunPlace place) => RequestAt(place.Stage, place.Index);

    /// <summary>True for a run that is the arm's range test.</summary>
    public bool IsRangeTest(RunPlace place) => _stages[place.Stage].Kind == StageKind.LrFinder;

    public bool IsInFlight(RunPlace place) => place.Stage == _stages.Count - 1 && _inFlight.Contains(place.Index);

    /// <summary>Gives back the room of runs no longer in flight: a restore issues a whole stage before reporting it.</summary>
    public void TrimInFlight()
    {
        _inFlight.TrimExcess();
        _parameters?.ForgetLog();
    }

    public TrialOutcome? OutcomeOf(RunPlace place) =>
        place.Stage < _stages.Count && place.Index < _stages[place.Stage].Runs.Count ? OutcomeAt(place.Stage, place.Index) : null;

    /// <summary>Records a run that ended; a repeated report of a finished run is ignored.</summary>
    public void Report(TrialOutcome outcome)
    {
        var place = Planned(outcome.Key);
        if (!IsRunning(place, allowFinished: true)) return;
        if (outcome.Arm != Arm || outcome.Stage != place.Stage)
            throw new ArgumentException($"the outcome of {outcome.Key} names arm {outcome.Arm}, stage {outcome.Stage}; the request was arm {Arm}, stage {place.Stage}.", nameof(outcome));
        _inFlight.Remove(place.Index);
        var stage = _stages[place.Stage];
        var run = stage.Runs[place.Index];
        stage.Runs[place.Index] = run.With(outcome);
        if (!outcome.LearningRate.Equals(run.Rate)) (_reportedRates ??= [])[(place.Stage, place.Index)] = outcome.LearningRate;
        if (stage.Kind != StageKind.LrFinder)
        {
            _statusCounts[outcome.Status] = _statusCounts.GetValueOrDefault(outcome.Status) + 1;
            Leader = _ranking.Better(Leader, outcome);
            if (_repeats > 1) _bestStale = true;
            if (_ranking.CanBeBest(outcome))
            {
                if (_repeats == 1) Best = _ranking.Better(Best, outcome);
                stage.Best = _ranking.Better(stage.Best, outcome);
            }
        }
        stage.Finished++;
        Extend();
        Advance();
    }

    public void ReportRangeTest(string key, LrFinderResult result)
    {
        var place = Planned(key);
        _ = IsRunning(place, allowFinished: false);
        var stage = _stages[place.Stage];
        if (stage.Kind != StageKind.LrFinder) throw new ArgumentException($"{key} is a training run, not a range test.", nameof(key));
        _inFlight.Remove(place.Index);
        stage.Runs[place.Index] = stage.Runs[place.Index].Finished();
        RangeTest = result;
        stage.Finished++;
        Advance();
    }

    public bool ContinueAtRung(string key, int epoch, double metricValue, Metric metric)
    {
        var place = Planned(key);
        if (_rungs is null || _stages[place.Stage].Kind == StageKind.LrFinder) return true;
        return _rungs.Continue(key, place.Stage, epoch, TrialRanking.Maximizes(metric) ? -metricValue : metricValue);
    }

    public IEnumerable<SearchStage> Stages() => _stages.Select(s => new SearchStage(
        s.Index, Arm, s.Kind, _parameters is null ? s.Rates : [.. s.Runs.Select(r => r.Rate).Distinct().Order()],
        s.Kind == StageKind.LrFinder ? RangeTest?.Suggested : _parameters is not null || _repeats > 1 ? Best?.LearningRate : s.Best?.LearningRate));

    /// <summary>The arm's training runs by configuration: each configuration's requests, one per repeat, in issue order.</summary>
    public IEnumerable<IReadOnlyList<TrialRequest>> Groups() =>
        Configurations().Select(g => (IReadOnlyList<TrialRequest>)[.. Enumerable.Range(g.First, _repeats).Select(i => RequestAt(g.Stage, i))]);

    /// <summary>Each configuration's outcomes, one per repeat (null: not reported), in the order of <see cref="Groups"/>.</summary>
    public IEnumerable<IReadOnlyList<TrialOutcome?>> GroupOutcomes() =>
        Configurations().Select(g => (IReadOnlyList<TrialOutcome?>)[.. Enumerable.Range(g.First, _repeats).Select(i => OutcomeAt(g.Stage, i))]);

    // Each configuration's stage and first run: a training stage's runs come _repeats at a time, one per repeat.
    private IEnumerable<(int Stage, int First)> Configurations() =>
        _stages.Where(s => s.Kind != StageKind.LrFinder).SelectMany(s => Enumerable.Range(0, s.Runs.Count / _repeats).Select(c => (s.Index, c * _repeats)));

    private IEnumerable<TrialOutcome> Reported(bool train) =>
        _stages.Where(s => s.Kind != StageKind.LrFinder == train)
            .SelectMany(s => Enumerable.Range(0, s.Runs.Count).Where(i => s.Runs[i].Reported).Select(i => OutcomeAt(s.Index, i)!));

    /// <summary>The request of run <paramref name="index"/> of stage <paramref name="stage"/>, made again from its record.</summary>
    private TrialRequest RequestAt(int stage, int index, string? key = null)
    {
        var s = _stages[stage];
        key ??= TrialRequest.KeyOf(Arm, stage, index);
        if (s.Kind == StageKind.LrFinder) return new TrialRequest(key, Arm, stage, s.Runs[index].Rate, TrialPurpose.RangeTest);
        return new TrialRequest(key, Arm, stage, s.Runs[index].Rate, TrialPurpose.Train)
        {
            Parameters = _parameters?.ValuesOf(index / _repeats),
            Repeat = index % _repeats,
        };
    }

    private TrialOutcome? OutcomeAt(int stage, int index) => _stages[stage].Runs[index].Outcome(
        new RunPlace(Arm, stage, index), null, _reportedRates is { } rates && rates.TryGetValue((stage, index), out var rate) ? rate : null);

    /// <summary>The place of a run this arm planned.</summary>
    /// <exception cref="ArgumentException">It planned no run of that key.</exception>
    private RunPlace Planned(string key) =>
        RunPlace.TryParse(key, out var place) && place.Arm == Arm && place.Stage < _stages.Count && place.Index < _stages[place.Stage].Runs.Count
            ? place
            : throw new ArgumentException($"{key} was never issued.", nameof(key));

    /// <summary>True for a run in flight; false for one already reported when <paramref name="allowFinished"/>; otherwise an error.</summary>
    private bool IsRunning(RunPlace place, bool allowFinished)
    {
        if (IsInFlight(place)) return true;
        var stage = _stages[place.Stage];
        if (allowFinished && (stage.Runs[place.Index].Reported || stage.Finished > 0 && stage.Kind == StageKind.LrFinder)) return false;
        throw new InvalidOperationException($"{place.Key} is not running: it was {(IsIssued(place) ? "already reported" : "never issued")}.");
    }

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
            stage.Runs.Capacity = stage.PlannedRuns.Value;
            return stage;
        }
        if (plan.Kind == StageKind.LrFinder)
        {
            stage.Runs.Add(RunRecord.Planned(plan.RangeTestStart));
            return stage;
        }
        stage.Runs.Capacity = plan.LearningRates.Length * _repeats;
        foreach (var rate in plan.LearningRates)
        {
            var at = FindRun(rate);
            if (at >= 0)
            {
                // Already run by an earlier stage: covered, not rerun (ranked with this stage).
                if (RunOutcome(at) is { } earlier && _ranking.CanBeBest(earlier)) stage.Best = _ranking.Better(stage.Best, earlier);
                continue;
            }
            for (var repeat = 0; repeat < _repeats; repeat++) AddRun(stage, rate);
        }
        stage.Runs.TrimExcess();
        return stage;
    }

    private void AddRun(Stage stage, double rate)
    {
        if (_parameters is not null)
        {
            _runRates.Add(rate);
            _ratesUnsorted = true;
            stage.Runs.Add(RunRecord.Planned(rate));
            return;
        }
        var at = _runRates.BinarySearch(rate);
        at = at < 0 ? ~at : at;
        _runRates.Insert(at, rate);
        _runAt.Insert(at, (stage.Index, stage.Runs.Count));
        stage.Runs.Add(RunRecord.Planned(rate));
    }

    private TrialOutcome? RunOutcome(int at) => _runAt[at] is var (stage, index) && stage < 0 ? _inherited[index] : OutcomeAt(stage, index);

    /// <summary>A search over parameters: adds the runs of every configuration that is ready to be proposed.</summary>
    private void Extend()
    {
        if (_parameters is null || _stages.Count == 0) return;
        var stage = Current;
        while (_parameters.Next(RunsOf) is { } next)
            for (var repeat = 0; repeat < _repeats; repeat++) AddRun(stage, next.LearningRate);

        IReadOnlyList<TrialOutcome?> RunsOf(int configuration) =>
            [.. Enumerable.Range(configuration * _repeats, _repeats).Select(i => OutcomeAt(stage.Index, i))];
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
        _runAt.Insert(at, (-1, _inherited.Count));
        var inherited = outcome with { Stage = 0 };
        _inherited.Add(inherited);
        _statusCounts[inherited.Status] = _statusCounts.GetValueOrDefault(inherited.Status) + 1;
        Leader = _ranking.Better(Leader, inherited);
        if (_ranking.CanBeBest(inherited)) Best = _ranking.Better(Best, inherited);
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
        public List<RunRecord> Runs { get; } = [];
        public int Finished { get; set; }

        /// <summary>How many runs the stage will have once every one is planned: its runs, or for a search over parameters (which plans them as it goes) <see cref="PlannedRuns"/>.</summary>
        public int Planned => PlannedRuns ?? Runs.Count;

        public int? PlannedRuns { get; set; }
        public TrialOutcome? Best { get; set; }
    }
}
