using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Verdicts in a sweep (docs/results.md verdict): too-small means the loss fell by less than 10% of the way the best trial
/// of its arm fell. The trainer judged each run alone, against the objective's lower bound; here good and too-small
/// are judged again with referenceFall = the best trial's InitialLoss − TrainLoss, exactly as
/// <see cref="VerdictJudge"/> would. Diverged and oscillating come from the loss curve and stand.
/// </summary>
public static class SweepVerdicts
{
    /// <summary>Each outcome's verdict against <paramref name="best"/>, the best trial of the arm by the sweep's metric.</summary>
    public static IEnumerable<KeyValuePair<string, Verdict?>> Judge(IEnumerable<TrialOutcome> armOutcomes, TrialOutcome? best)
    {
        ArgumentNullException.ThrowIfNull(armOutcomes);
        var referenceFall = best is { InitialLoss: double start, TrainLoss: double end } ? start - end : (double?)null;
        foreach (var outcome in armOutcomes)
            yield return new(outcome.Key, Judge(outcome, referenceFall));
    }

    /// <summary>Each outcome's verdict against the best of <paramref name="armOutcomes"/> by <paramref name="ranking"/>.</summary>
    public static IEnumerable<KeyValuePair<string, Verdict?>> Judge(IReadOnlyCollection<TrialOutcome> armOutcomes, TrialRanking ranking)
    {
        ArgumentNullException.ThrowIfNull(ranking);
        return Judge(armOutcomes, armOutcomes.Aggregate((TrialOutcome?)null, ranking.Better));
    }

    /// <summary>One outcome's verdict given how far the arm's best fell (null: unknown, the trainer's verdict stands).</summary>
    public static Verdict? Judge(TrialOutcome outcome, double? referenceFall)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Verdict is not (Verdict.Good or Verdict.TooSmall) || referenceFall is not double reference
            || outcome is not { InitialLoss: double start, TrainLoss: double end })
            return outcome.Verdict;
        return reference > 0 && start - end < VerdictJudge.TooSmallFraction * reference ? Verdict.TooSmall : Verdict.Good;
    }
}
