using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>
/// Which trials' histories a sweep's report draws, whether its result comes from a cluster or a file: all of them up to
/// <see cref="CurveThinning.MaxCurves"/> trials, beyond that only the loss curves' (<see cref="LossCurvesChart.Curves"/>)
/// and each arm's best (its η over time), so that a report of a large sweep never holds every history at once.
/// </summary>
internal static class ReportHistories
{
    /// <summary>True when a report of this many trials reads every history.</summary>
    public static bool All(int trials) => trials <= CurveThinning.MaxCurves;

    /// <summary>The places, in order, of the trials whose histories the report draws.</summary>
    /// <param name="trials">Every trial of the result, read without histories.</param>
    public static int[] Wanted(IReadOnlyList<Trial> trials, IEnumerable<BestTrial?> bestByArm)
    {
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(bestByArm);
        var wanted = LossCurvesChart.Curves(trials).Select(t => t.TrialId)
            .Concat(bestByArm.OfType<BestTrial>().Select(b => b.TrialId)).ToHashSet(StringComparer.Ordinal);
        return [.. Enumerable.Range(0, trials.Count).Where(i => wanted.Contains(trials[i].TrialId))];
    }
}
