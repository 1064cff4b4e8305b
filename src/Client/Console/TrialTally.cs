using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Console;

/// <summary>
/// What a summary needs from a result's trials as they go by once (a streamed result is never held whole): how many
/// ended how, and the verdicts of the best trials.
/// </summary>
internal sealed class TrialTally
{
    private readonly HashSet<string> _bestIds;
    private readonly Dictionary<string, Verdict?> _verdicts = new(StringComparer.Ordinal);
    private readonly Dictionary<TrialStatus, int> _byStatus = [];

    /// <param name="header">The result without its trials: its best and bests by arm say which verdicts to keep.</param>
    public TrialTally(SweepResult header)
    {
        ArgumentNullException.ThrowIfNull(header);
        _bestIds = [.. header.BestByArm.Append(header.Best).OfType<BestTrial>().Select(b => b.TrialId)];
    }

    public static TrialTally Of(SweepResult result)
    {
        var tally = new TrialTally(result);
        foreach (var trial in result.Trials) tally.Add(trial);
        return tally;
    }

    /// <summary>Counts one trial of the result; thread-safe for one writer.</summary>
    public void Add(Trial trial)
    {
        _byStatus[trial.Status] = _byStatus.GetValueOrDefault(trial.Status) + 1;
        if (_bestIds.Contains(trial.TrialId)) _verdicts[trial.TrialId] = trial.Verdict;
    }

    public int Total => _byStatus.Values.Sum();

    /// <summary>Trials by status, in the order of <see cref="TrialStatus"/>, statuses with none left out.</summary>
    public IEnumerable<(TrialStatus Status, int Count)> ByStatus =>
        Enum.GetValues<TrialStatus>().Where(_byStatus.ContainsKey).Select(s => (s, _byStatus[s]));

    /// <summary>Done (an end the search can use), running (none once a sweep has ended), failed or cancelled.</summary>
    public TrialCounts Counts => new(
        Count(TrialStatus.Completed, TrialStatus.Diverged, TrialStatus.Stopped),
        Count(TrialStatus.Running, TrialStatus.Pending),
        Count(TrialStatus.Failed, TrialStatus.Cancelled));

    public Verdict? VerdictOf(string trialId) => _verdicts.GetValueOrDefault(trialId);

    private int Count(params TrialStatus[] statuses) => statuses.Sum(s => _byStatus.GetValueOrDefault(s));
}
