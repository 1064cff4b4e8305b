using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A sweep's log read in order into what <see cref="SweepSearch.Restore"/> takes: each run's request (in the order
/// first issued), its latest end unless a retry reopened it, each range test's result, and the latest value of each
/// run at each ASHA rung. Lives only while a coordinator restores.
/// </summary>
internal sealed class SweepLogReplay
{
    private readonly List<TrialRequest> _issued = [];
    private readonly HashSet<string> _issuedKeys = [];
    private readonly Dictionary<string, TrialOutcome> _outcomes = [];
    private readonly Dictionary<string, LrFinderResult> _rangeTests = [];
    private readonly Dictionary<(string Key, int Epoch), RungObservation> _rungs = [];

    /// <summary>Entries read so far.</summary>
    public int Entries { get; private set; }

    public IReadOnlyList<TrialRequest> Issued => _issued;

    public IReadOnlyCollection<TrialOutcome> Outcomes => _outcomes.Values;

    public IReadOnlyCollection<RungObservation> Rungs => _rungs.Values;

    public void Apply(IEnumerable<SweepLogEntry> entries)
    {
        foreach (var entry in entries)
        {
            Entries++;
            switch (entry)
            {
                // A request logged again (never, by this coordinator) is the same fact: restore checks it against the spec.
                case RequestIssued r when _issuedKeys.Add(r.Key):
                    _issued.Add(r.ToRequest());
                    break;
                case RequestIssued:
                    break;
                case OutcomeReported o:
                    _outcomes[o.Key] = o.ToOutcome();
                    break;
                case RangeTestReported t:
                    _rangeTests[t.Key] = t.ToResult();
                    break;
                case RungObserved r:
                    _rungs[(r.Key, r.Epoch)] = r.ToObservation();
                    break;
                case OutcomeReopened r:
                    _outcomes.Remove(r.Key);
                    _rangeTests.Remove(r.Key);
                    break;
                default:
                    throw new InvalidOperationException($"the log holds an entry this version does not know: {entry.GetType().Name}.");
            }
        }
    }

    /// <exception cref="InvalidOperationException">The log does not fit the spec.</exception>
    public SweepSearch Restore(SweepSpec spec, SweepInheritance? inheritance) =>
        SweepSearch.Restore(spec, _issued, _outcomes.Values, _rangeTests.Select(t => (t.Key, t.Value)), _rungs.Values, inheritance);
}
