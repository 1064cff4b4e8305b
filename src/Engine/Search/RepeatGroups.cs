using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The runs of one configuration over its repeats (seeds training.seed + 0, 1, …), ranked by their mean: the mean of
/// the search's metric over the runs that may be named a best (completed, with a finite figure), the standard
/// deviation with n − 1, and n. A configuration's best run is the best of those.
/// </summary>
internal static class RepeatGroups
{
    /// <summary>Mean, standard deviation (null below two) and n of the group's runs that may be named a best; mean null when none.</summary>
    public static (double? Mean, double? Std, int N) Stats(IEnumerable<TrialOutcome?> runs, TrialRanking ranking, Metric metric)
    {
        var values = runs.Where(o => o is not null && ranking.CanBeBest(o)).Select(o => TrialRanking.Figure(o!, metric).Value!.Value).ToArray();
        if (values.Length == 0) return (null, null, 0);
        var mean = values.Average();
        double? std = values.Length < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        return (mean, std, values.Length);
    }

    /// <summary>The best run of the configuration with the best mean (ties: the earlier configuration); null when no run may be named a best.</summary>
    public static TrialOutcome? BestOf(IEnumerable<IReadOnlyList<TrialOutcome?>> groups, TrialRanking ranking)
    {
        TrialOutcome? best = null;
        double? bestMean = null;
        foreach (var runs in groups)
        {
            var (mean, _, _) = Stats(runs, ranking, ranking.Metric);
            if (mean is not { } m) continue;
            if (bestMean is { } b && !(TrialRanking.Maximizes(ranking.Metric) ? m > b : m < b)) continue;
            bestMean = m;
            best = runs.Where(o => o is not null && ranking.CanBeBest(o)).Aggregate((TrialOutcome?)null, ranking.Better);
        }
        return best;
    }
}
