using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search.Driver;

/// <summary>
/// A sweep's log read in order into what <see cref="SweepSearch.Restore"/> takes: each run's request (in the order
/// first issued), its latest end unless a retry reopened it, each range test's result, and the latest value of each
/// run at each ASHA rung. Lives only while a driver is restored.
/// </summary>
public sealed class SweepReplay
{
    private readonly List<TrialRequest> _issued = [];
    private readonly HashSet<string> _issuedKeys = [];
    private readonly Dictionary<string, TrialOutcome> _outcomes = [];
    private readonly Dictionary<string, LrFinderResult> _rangeTests = [];
    private readonly Dictionary<(string Key, int Epoch), RungObservation> _rungs = [];

    /// <summary>Facts read so far.</summary>
    public int Facts { get; private set; }

    public IReadOnlyList<TrialRequest> Issued => _issued;

    public IReadOnlyCollection<TrialOutcome> Outcomes => _outcomes.Values;

    public IReadOnlyCollection<RungObservation> Rungs => _rungs.Values;

    public void Apply(IEnumerable<SweepFact> facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        foreach (var fact in facts)
        {
            Facts++;
            switch (fact)
            {
                // A request logged again (never, by a driver) is the same fact: restore checks it against the spec.
                case RunIssued r when _issuedKeys.Add(r.Key):
                    _issued.Add(r.Request);
                    break;
                case RunIssued:
                    break;
                case RunReported o:
                    _outcomes[o.Key] = o.Outcome;
                    break;
                case RangeTestFinished t:
                    _rangeTests[t.Key] = t.Result;
                    break;
                case RungReached r:
                    _rungs[(r.Key, r.Observation.Epoch)] = r.Observation;
                    break;
                case RunReopened r:
                    _outcomes.Remove(r.Key);
                    _rangeTests.Remove(r.Key);
                    break;
                default:
                    throw new InvalidOperationException($"the log holds a fact this version does not know: {fact.GetType().Name}.");
            }
        }
    }

    /// <exception cref="InvalidOperationException">The log does not fit the spec.</exception>
    public SweepSearch Restore(SweepSpec spec, SweepInheritance? inheritance) =>
        SweepSearch.Restore(spec, _issued, _outcomes.Values, _rangeTests.Select(t => (t.Key, t.Value)), _rungs.Values, inheritance);
}
