using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The search of a whole sweep, pure and deterministic: what to launch next, what the reports so far say. Every arm
/// is searched on its own (so each optimizer, schedule or batch size is compared at its own best η) and the arms run
/// side by side. A coordinator asks <see cref="Next"/> for work, launches it anywhere, and reports each end with
/// <see cref="Report"/> or <see cref="ReportRangeTest"/>; ASHA asks <see cref="ContinueAtRung"/> at epoch rungs.
/// </summary>
/// <remarks>
/// The state is a function of the sets of requests issued, runs reported and rung values recorded, never of the order
/// in which they came (stages wait for all their runs; ties rank by rate), so <see cref="Restore"/> rebuilds it from
/// what a coordinator persisted, and a replay in any order continues identically. Not thread-safe: one caller at a time.
/// </remarks>
/// <example>
/// A coordinator persists each call's arguments before acting on the answer:
/// <code>
/// foreach (var request in search.Next(freeSlots)) { Persist(request); Launch(request); }
/// // a trial ended:          Persist(outcome);                  search.Report(outcome);
/// // a range test ended:     Persist(key, result);              search.ReportRangeTest(key, result);
/// // an epoch ended (ASHA):  Persist(new RungObservation(...)); if (!search.ContinueAtRung(key, epoch, value)) Stop(key);
/// // on activation:          search = SweepSearch.Restore(spec, issued, finished, rangeTests, rungs);
/// </code>
/// </example>
public sealed class SweepSearch
{
    private readonly ArmSearch[] _arms;
    private readonly TrialRanking _ranking;
    // Where each run issued is, in the order issued: its request is made again from its arm when asked for.
    private readonly List<RunPlace> _issued = [];

    /// <param name="inheritance">
    /// For a refinement sweep: its parent's finished runs, which every arm starts from instead of its own search kind,
    /// then refines around its best (<see cref="SweepInheritance"/>). Null for an ordinary sweep.
    /// </param>
    public SweepSearch(SweepSpec spec, SweepInheritance? inheritance = null) : this(spec, inheritance, null)
    {
    }

    // logged: a restored log's requests by key, from which a search over parameters takes the configurations it proposed.
    private SweepSearch(SweepSpec spec, SweepInheritance? inheritance, Func<string, TrialRequest?>? logged)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
        Inheritance = inheritance;
        Arms = spec.ResolvedArms();
        _ranking = new TrialRanking(spec.Search.Metric);
        _arms = [.. Arms.Select((arm, i) => new ArmSearch(i, arm, spec.Search, inheritance, logged))];
        Issued = new IssuedRequests(this);
        RangeTestSettings = inheritance is null ? LrRangeTestSettings.From(spec.Search) : null;
    }

    /// <summary>What a refinement sweep took over from its parent; null for an ordinary sweep.</summary>
    public SweepInheritance? Inheritance { get; }

    public SweepSpec Spec { get; }

    public IReadOnlyList<ArmSpec> Arms { get; }

    public Metric Metric => Spec.Search.Metric;

    /// <summary>The range test's settings for lr-finder searches; null for other kinds.</summary>
    public LrRangeTestSettings? RangeTestSettings { get; }

    /// <summary>True once every arm's last stage has finished: nothing more will be asked for.</summary>
    public bool IsComplete => _arms.All(a => a.IsComplete);

    /// <summary>Runs issued and not reported yet.</summary>
    public int InFlight => _arms.Sum(a => a.InFlight);

    /// <summary>The keys of the runs in flight, arm by arm.</summary>
    public IEnumerable<string> InFlightKeys => _arms.SelectMany(a => a.InFlightKeys);

    /// <summary>
    /// Every run issued so far, in the order it was issued (for a restored search, the order of its log). Each request
    /// is made when read: <see cref="IssuedKeys"/> lists the keys alone.
    /// </summary>
    public IReadOnlyList<TrialRequest> Issued { get; }

    /// <summary>The keys of the runs issued for <paramref name="purpose"/>, in the order issued.</summary>
    public IEnumerable<string> IssuedKeys(TrialPurpose purpose) =>
        _issued.Where(p => _arms[p.Arm].IsRangeTest(p) == (purpose == TrialPurpose.RangeTest)).Select(p => p.Key);

    /// <summary>True for a key this search issued.</summary>
    public bool IsIssued(string key) => IssuedArm(key, out _) is not null;

    /// <summary>True for a run issued and not reported yet.</summary>
    public bool IsInFlight(string key) => IssuedArm(key, out var place) is { } arm && arm.IsInFlight(place);

    /// <summary>What an issued run is for, without making its request.</summary>
    /// <exception cref="ArgumentException">The key was never issued.</exception>
    public TrialPurpose PurposeOf(string key) =>
        ArmOf(key).IsRangeTest(RunPlace.TryParse(key, out var place) ? place : default) ? TrialPurpose.RangeTest : TrialPurpose.Train;

    /// <summary>The request of an issued run.</summary>
    /// <exception cref="ArgumentException">The key was never issued.</exception>
    public TrialRequest Request(string key) => ArmOf(key).Request(key);

    /// <summary>
    /// What run <paramref name="key"/> was reported with: a training run's outcome, or a range test's that failed or
    /// was cancelled. Null for a run in flight, a range test that finished (its result is in <see cref="LrFinderByArm"/>),
    /// an inherited run, or a key never issued.
    /// </summary>
    public TrialOutcome? OutcomeOf(string key) => IssuedArm(key, out var place) is { } arm ? arm.OutcomeOf(place) : null;

    /// <summary>
    /// Up to <paramref name="capacity"/> new runs to launch now, never more than search.concurrency in flight. Each
    /// goes to the arm with the fewest runs in flight (the lower arm on ties), so arms advance side by side. Empty
    /// while every current stage waits for its runs. A key is never returned twice.
    /// </summary>
    public IReadOnlyList<TrialRequest> Next(int capacity)
    {
        var budget = Math.Min(capacity, Spec.Search.Concurrency is int cap ? cap - InFlight : int.MaxValue);
        if (budget <= 0) return [];
        var issued = new List<TrialRequest>(Math.Min(budget, 64));
        while (issued.Count < budget && PickArm() is { } arm)
        {
            issued.Add(arm.Issue(out var place));
            _issued.Add(place);
        }
        return issued;
    }

    /// <summary>A run ended, in any status (a range test that failed is reported here with status failed).</summary>
    /// <exception cref="ArgumentException">The key was never issued.</exception>
    public void Report(TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArmOf(outcome.Key).Report(outcome);
    }

    /// <summary>A range test ended with <paramref name="result"/>.</summary>
    public void ReportRangeTest(string key, LrFinderResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArmOf(key).ReportRangeTest(key, result);
    }

    /// <summary>
    /// ASHA: a run has completed <paramref name="epoch"/> epochs with <paramref name="metricValue"/> of the sweep's
    /// metric (<see cref="TrialRanking.EpochValue"/>). False means stop it now; it then ends with status stopped and
    /// ranks by its last figures. Always true without early stopping or between rungs.
    /// </summary>
    public bool ContinueAtRung(string key, int epoch, double metricValue) => ArmOf(key).ContinueAtRung(key, epoch, metricValue, Metric);

    /// <summary>The training plan of a request (the range test's too: <see cref="LrRangeTest"/> replaces its schedule).</summary>
    public TrialPlan PlanFor(TrialRequest request) => ArmFor(request).Plan;

    /// <summary>What the trial of a request trains, resolved from this search's spec: all a trial is sent.</summary>
    public ResolvedArm ArmFor(TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arm = Arms[request.Arm];
        if (request.Parameters is null && request.Repeat == 0)
            return new ResolvedArm(arm.Name, TrialPlan.For(Spec, arm, request.LearningRate), Spec.Trainer, arm.Trainer, _arms[request.Arm].Rungs, Metric);
        return ResolvedArm.Of(Spec, request);
    }

    /// <summary>ASHA's rungs (completed epochs) of arm <paramref name="arm"/>; empty without early stopping.</summary>
    public IReadOnlyList<int> Rungs(int arm) => _arms[arm].Rungs;

    /// <summary>
    /// The rungs (ASHA's, or every epoch median stopping judges) for a trial of arm <paramref name="arm"/> of
    /// <paramref name="spec"/>, without building a search: what a trial needs to know when to ask
    /// <see cref="ContinueAtRung"/>. Empty without early stopping.
    /// </summary>
    public static IReadOnlyList<int> RungsOf(SweepSpec spec, ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(arm);
        return RungRules.For(spec.Search, arm.Training.Epochs)?.Epochs ?? [];
    }

    /// <summary>True when the result lists configuration groups: the search is over parameters or repeats each configuration.</summary>
    public bool HasGroups => Spec.Search.Parameters is not null || Spec.Search.Repeats > 1;

    /// <summary>
    /// Every configuration issued so far, arm by arm in order: its parameters (<c>learningRate</c> included; for a search
    /// over η alone, η only), the mean, standard deviation and n of its metric over its runs (<see cref="RepeatGroups"/>)
    /// and its runs' keys.
    /// </summary>
    public IReadOnlyList<(IReadOnlyDictionary<string, ParameterValue> Parameters, double? Mean, double? Std, int N, IReadOnlyList<string> Keys)> Groups()
    {
        var groups = new List<(IReadOnlyDictionary<string, ParameterValue>, double?, double?, int, IReadOnlyList<string>)>();
        foreach (var arm in _arms)
            foreach (var runs in arm.Groups())
            {
                var first = runs[0];
                var parameters = TrialConfiguration.Reported(first, first.LearningRate)
                    ?? new Dictionary<string, ParameterValue> { [SearchParameter.LearningRate] = ParameterValue.Of(first.LearningRate) };
                var (mean, std, n) = RepeatGroups.Stats(runs.Select(r => OutcomeOf(r.Key)), _ranking, Metric);
                groups.Add((parameters, mean, std, n, [.. runs.Select(r => r.Key)]));
            }
        return groups;
    }

    /// <summary>Every stage so far, arm by arm, in order.</summary>
    public IReadOnlyList<SearchStage> Stages => [.. _arms.SelectMany(a => a.Stages())];

    /// <summary>
    /// The best trial of the sweep by its metric among those that may be named one (<see cref="TrialRanking.CanBeBest"/>):
    /// never a diverged, failed, cancelled or stopped run; null while there is none.
    /// </summary>
    public TrialOutcome? Best => _arms.Aggregate((TrialOutcome?)null, (best, arm) => _ranking.Better(best, arm.Best));

    /// <summary>The best trial of each arm, by the same rule as <see cref="Best"/> (null for an arm with none).</summary>
    public IReadOnlyList<TrialOutcome?> BestByArm => [.. _arms.Select(a => a.Best)];

    /// <summary>Each arm's range test (null for an arm without one, or before it finished).</summary>
    public IReadOnlyList<LrFinderResult?> LrFinderByArm => [.. _arms.Select(a => a.RangeTest)];

    /// <summary>Every reported training run, by arm, stage and index.</summary>
    public IReadOnlyList<TrialOutcome> Outcomes => [.. _arms.SelectMany(a => a.Outcomes.OrderBy(o => o.Stage).ThenBy(o => IndexOf(o.Key)))];

    /// <summary>How many reported training runs (inherited ones included) ended in each status; no sorting, unlike <see cref="Outcomes"/>.</summary>
    public IReadOnlyDictionary<TrialStatus, int> CountByStatus()
    {
        var counts = new Dictionary<TrialStatus, int>();
        foreach (var arm in _arms)
            foreach (var (status, count) in arm.StatusCounts)
                counts[status] = counts.GetValueOrDefault(status) + count;
        return counts;
    }

    /// <summary>Each reported run's verdict, judged against the best η of its arm (<see cref="SweepVerdicts"/>).</summary>
    public IReadOnlyDictionary<string, Verdict?> Verdicts()
    {
        var verdicts = new Dictionary<string, Verdict?>();
        foreach (var arm in _arms)
            foreach (var (key, verdict) in SweepVerdicts.Judge(arm.Outcomes, arm.Best))
                verdicts[key] = verdict;
        return verdicts;
    }

    /// <summary>What a user must know of the search so far, one line each (<see cref="SweepWarnings"/>).</summary>
    public IReadOnlyList<string> Warnings() => SweepWarnings.Of(Arms, _arms);

    /// <summary>
    /// Rebuilds a search from what a coordinator persisted: the requests it issued, the outcomes and range tests it
    /// reported, the rung values it recorded, in any order. Issued runs without a report are in flight again. The
    /// restored search continues exactly as the original would; <see cref="Issued"/> lists the requests in the order
    /// given.
    /// </summary>
    /// <exception cref="InvalidOperationException">The log does not fit the spec (a key this search would never issue).</exception>
    public static SweepSearch Restore(
        SweepSpec spec,
        IEnumerable<TrialRequest> issued,
        IEnumerable<TrialOutcome> finished,
        IEnumerable<(string Key, LrFinderResult Result)> rangeTests,
        IEnumerable<RungObservation>? rungs = null,
        SweepInheritance? inheritance = null)
    {
        var inLogOrder = issued.ToList();
        var toIssue = inLogOrder.ToDictionary(r => r.Key);
        var search = new SweepSearch(spec, inheritance, key => toIssue.GetValueOrDefault(key));
        var outcomes = finished.ToDictionary(o => o.Key);
        var tests = rangeTests.ToDictionary(t => t.Key, t => t.Result);
        for (var progress = true; progress;)
        {
            progress = false;
            foreach (var arm in search._arms)
            {
                while (arm.Peek() is { } next && toIssue.Remove(next.Key, out var logged))
                {
                    if (logged.Purpose != next.Purpose || !LogGrid.Same(logged.LearningRate, next.LearningRate, LogGrid.RerunTolerance))
                        throw new InvalidOperationException($"{next.Key} was issued at η = {logged.LearningRate} ({logged.Purpose}); this spec plans η = {next.LearningRate} ({next.Purpose}).");
                    if (logged.Repeat != next.Repeat || !SameParameters(logged.Parameters, next.Parameters))
                        throw new InvalidOperationException($"{next.Key} was issued as repeat {logged.Repeat} of another configuration than this spec plans for it.");
                    arm.Issue(out _);
                    progress = true;
                }
                foreach (var key in arm.InFlightKeys.ToArray())
                {
                    if (outcomes.Remove(key, out var outcome)) arm.Report(outcome);
                    else if (tests.Remove(key, out var test)) arm.ReportRangeTest(key, test);
                    else continue;
                    progress = true;
                }
            }
        }
        var stray = toIssue.Keys.Concat(outcomes.Keys).Concat(tests.Keys).Order(StringComparer.Ordinal).ToArray();
        if (stray.Length > 0)
            throw new InvalidOperationException($"the log does not fit the spec: this search never issues {string.Join(", ", stray.Take(5))}{(stray.Length > 5 ? ", ..." : "")}.");
        // In the order of the log, not the order replayed: every key was checked above.
        search._issued.AddRange(inLogOrder.Select(r => RunPlace.TryParse(r.Key, out var place) ? place : throw new InvalidOperationException($"{r.Key} is not a run's key.")));
        search._issued.TrimExcess();
        foreach (var arm in search._arms) arm.TrimInFlight();
        foreach (var rung in rungs ?? [])
            search.ContinueAtRung(rung.Key, rung.Epoch, rung.MetricValue);
        return search;
    }

    /// <summary>Whether a logged configuration is the one planned: equal values (numbers within the rerun tolerance).</summary>
    private static bool SameParameters(IReadOnlyDictionary<string, ParameterValue>? logged, IReadOnlyDictionary<string, ParameterValue>? planned)
    {
        if (logged is null || planned is null) return logged is null == planned is null;
        if (logged.Count != planned.Count) return false;
        foreach (var (name, value) in planned)
        {
            if (!logged.TryGetValue(name, out var other) || value.IsText != other.IsText) return false;
            if (value.IsText ? value.Text != other.Text : !(value.Number == other.Number || LogGrid.Same(value.Number, other.Number, LogGrid.RerunTolerance)))
                return false;
        }
        return true;
    }

    private ArmSearch ArmOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IssuedArm(key, out _) ?? throw new ArgumentException($"{key} was never issued by this search.", nameof(key));
    }

    /// <summary>The arm of an issued run, and where the run is; null for a key this search never issued.</summary>
    private ArmSearch? IssuedArm(string key, out RunPlace place) =>
        RunPlace.TryParse(key, out place) && place.Arm < _arms.Length && _arms[place.Arm].IsIssued(place) ? _arms[place.Arm] : null;

    /// <summary><see cref="Issued"/> as a list: each request made from its arm as it is read.</summary>
    private sealed class IssuedRequests(SweepSearch search) : IReadOnlyList<TrialRequest>
    {
        public int Count => search._issued.Count;

        public TrialRequest this[int index] => search._arms[search._issued[index].Arm].Request(search._issued[index]);

        public IEnumerator<TrialRequest> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return this[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private ArmSearch? PickArm()
    {
        ArmSearch? pick = null;
        foreach (var arm in _arms)
            if (arm.Pending > 0 && (pick is null || arm.InFlight < pick.InFlight)) pick = arm;
        return pick;
    }

    private static int IndexOf(string key) => int.Parse(key.AsSpan(key.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture);
}
