using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Verdicts in a sweep, judged against the arm's best η and the curve's shape. The trainer judged each run alone: its
/// verdict says whether the curve bounced or rose above its start (oscillating), and that shape stands everywhere.
/// Against the best: below it, a run whose loss fell by less than 10% of the way the best fell is too-small; above it,
/// such a run, or one that ended no better than it started, is oscillating (its step is too large, not too small); a
/// run at the best η is judged by its shape alone. Without a best (every run diverged or failed) the trainer's verdict
/// stands.
/// </summary>
public static class SweepVerdicts
{
    /// <summary>Where a run's η lies against the arm's best η.</summary>
    private enum Side
    {
        Below,
        At,
        Above,
    }

    /// <summary>Each outcome's verdict against <paramref name="best"/>, the arm's best (<see cref="TrialRanking.CanBeBest"/>), or null.</summary>
    public static IEnumerable<KeyValuePair<string, Verdict?>> Judge(IEnumerable<TrialOutcome> armOutcomes, TrialOutcome? best)
    {
        ArgumentNullException.ThrowIfNull(armOutcomes);
        foreach (var outcome in armOutcomes)
            yield return new(outcome.Key, Judge(outcome, best));
    }

    /// <summary>Each outcome's verdict against the best of <paramref name="armOutcomes"/> by <paramref name="ranking"/>.</summary>
    public static IEnumerable<KeyValuePair<string, Verdict?>> Judge(IReadOnlyCollection<TrialOutcome> armOutcomes, TrialRanking ranking)
    {
        ArgumentNullException.ThrowIfNull(armOutcomes);
        ArgumentNullException.ThrowIfNull(ranking);
        return Judge(armOutcomes, armOutcomes.Where(ranking.CanBeBest).Aggregate((TrialOutcome?)null, ranking.Better));
    }

    /// <summary>One outcome's verdict against the arm's best (null: none, the trainer's verdict stands).</summary>
    public static Verdict? Judge(TrialOutcome outcome, TrialOutcome? best)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.Status == TrialStatus.Diverged) return Verdict.Diverged;
        if (outcome.Verdict is not (Verdict.Good or Verdict.TooSmall or Verdict.Oscillating) || best is null) return outcome.Verdict;
        var bounces = outcome.Verdict == Verdict.Oscillating;
        var fall = Fall(outcome);
        var flat = fall is double f && Fall(best) is double reference && reference > 0 && f < VerdictJudge.TooSmallFraction * reference;
        return SideOf(outcome.LearningRate, best.LearningRate) switch
        {
            Side.Below when flat => Verdict.TooSmall,
            Side.Above when flat || fall <= 0 => Verdict.Oscillating,
            _ => bounces ? Verdict.Oscillating : Verdict.Good,
        };
    }

    /// <summary>Below, at (the same rate, to <see cref="LogGrid.RerunTolerance"/>) or above the best rate.</summary>
    private static Side SideOf(double learningRate, double bestLearningRate) =>
        LogGrid.Same(learningRate, bestLearningRate, LogGrid.RerunTolerance) ? Side.At
        : learningRate < bestLearningRate ? Side.Below : Side.Above;

    /// <summary>How far the training loss fell from its first value to its last; null when either is unknown.</summary>
    private static double? Fall(TrialOutcome outcome) =>
        outcome is { InitialLoss: double start, TrainLoss: double end } && double.IsFinite(start) && double.IsFinite(end) ? start - end : null;
}
