using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search.Importance;

/// <summary>
/// Ranks a sweep's parameters by the first-order sensitivity of its metric to each: the share of the metric's variance
/// that the parameter's value explains alone, Var(E[Y | Xᵢ]) / Var(Y) (Sobol', 1993; Saltelli et al., "Global
/// Sensitivity Analysis: The Primer", 2008), the same main-effect fraction that fANOVA (Hutter, Hoos and Leyton-Brown,
/// ICML 2014; Optuna's default importance) reads off a random forest. Here it is estimated without a model: the trials
/// are grouped into bins of the parameter (equal-count bins of its sorted values, so log and linear ranges bin alike;
/// one bin per category or distinct value when there are at most <see cref="MaxBins"/>), and the between-bin share of
/// variance is bias-corrected as Kelley's ε² (1935), so a parameter that does not matter scores about 0, not (bins − 1)/n.
/// </summary>
/// <remarks>
/// Y is the rank of each trial's metric (for a loss metric, the train loss of a trial with no validation set, as a
/// sweep ranks it; best first, ties averaged), so one huge loss does not swamp the rest. Diverged
/// trials are kept and tie at the worst rank: that η decides divergence is information. Failed, cancelled and
/// unfinished trials have no figure and are left out, and so are trials stopped early, whose figure is from an earlier
/// epoch than the others'. The seeds of one configuration (repeats) count once, at their mean rank. Deterministic: the result depends on the trials and their order only.
/// </remarks>
public static class ParameterImportances
{
    /// <summary>The most bins a parameter's values are split into.</summary>
    public const int MaxBins = 10;

    /// <summary>Fewer ranked configurations than this give no ranking: a handful of points cannot separate effect from noise.</summary>
    public const int MinTrials = 6;

    /// <summary>The parameters of <paramref name="trials"/> in the order they first appear, most important first; empty when too few trials ranked.</summary>
    public static IReadOnlyList<ParameterImportance> Of(IReadOnlyList<Trial> trials, Metric metric)
    {
        ArgumentNullException.ThrowIfNull(trials);
        var used = trials.Where(t => t.Parameters is not null && t.Status is TrialStatus.Completed or TrialStatus.Diverged).ToArray();
        var maximize = TrialRanking.Maximizes(metric);
        var scores = used.Select(t =>
        {
            var value = metric switch
            {
                Metric.ValidationAccuracy => t.ValidationAccuracy,
                Metric.ValidationLoss => t.ValidationLoss ?? t.TrainLoss,
                _ => t.TrainLoss,
            };
            if (t.Status == TrialStatus.Diverged || value is not { } v || !double.IsFinite(v)) return double.PositiveInfinity;
            return maximize ? -v : v;
        }).ToArray();
        return Estimate([.. used.Select(t => t.Parameters!)], scores);
    }

    /// <summary>
    /// The importances of the configurations' parameters for <paramref name="scores"/> (lower is better; +∞ is the
    /// worst, as for a diverged run), most important first, ties in the order the parameters first appear.
    /// </summary>
    public static IReadOnlyList<ParameterImportance> Estimate(IReadOnlyList<IReadOnlyDictionary<string, ParameterValue>> configurations, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(configurations);
        ArgumentNullException.ThrowIfNull(scores);
        if (configurations.Count != scores.Count) throw new ArgumentException("One score per configuration.", nameof(scores));
        if (scores.Any(double.IsNaN)) throw new ArgumentException("Scores must not be NaN: give a run without a figure +∞.", nameof(scores));
        var names = configurations.SelectMany(c => c.Keys).Distinct(StringComparer.Ordinal).ToArray();
        // Repeats of one configuration (its seeds) are one observation of it, at their mean rank: counted apart, they
        // would make chance look like an effect, as n would overstate how many configurations were tried.
        var ranks = Ranks(scores);
        var repeated = Enumerable.Range(0, configurations.Count).GroupBy(i => Key(configurations[i], names), StringComparer.Ordinal).ToArray();
        configurations = [.. repeated.Select(g => configurations[g.First()])];
        ranks = [.. repeated.Select(g => g.Average(i => ranks[i]))];
        if (configurations.Count < MinTrials) return [];
        var found = new List<ParameterImportance>(names.Length);
        foreach (var name in names)
        {
            var rows = Enumerable.Range(0, configurations.Count).Where(i => configurations[i].ContainsKey(name)).ToArray();
            var bins = ParameterBins.Of([.. rows.Select(i => configurations[i][name])], MaxBins);
            found.Add(new ParameterImportance(name, 0, ExplainedVariance(bins, [.. rows.Select(i => ranks[i])]), bins.Max() + 1));
        }
        var total = found.Sum(f => f.Explained);
        return [.. found.Select(f => f with { Importance = total > 0 ? f.Explained / total : 0 })
            .Select((f, order) => (f, order)).OrderByDescending(x => x.f.Importance).ThenBy(x => x.order).Select(x => x.f)];
    }

    private static string Key(IReadOnlyDictionary<string, ParameterValue> configuration, string[] names) =>
        string.Join('\u001f', names.Select(n => configuration.TryGetValue(n, out var v) ? (v.IsText ? "s" : "n") + v : "-"));

    /// <summary>Kelley's ε² of a one-way split: (SS_between − (k − 1) · SS_within / (n − k)) / SS_total, floored at 0.</summary>
    internal static double ExplainedVariance(int[] bins, double[] y)
    {
        int n = y.Length, k = bins.Length == 0 ? 0 : bins.Max() + 1;
        if (k < 2 || n - k < 1) return 0;
        var mean = y.Average();
        var sums = new double[k];
        var counts = new int[k];
        for (int i = 0; i < n; i++) { sums[bins[i]] += y[i]; counts[bins[i]]++; }
        double total = 0, within = 0;
        for (int i = 0; i < n; i++)
        {
            total += (y[i] - mean) * (y[i] - mean);
            var binMean = sums[bins[i]] / counts[bins[i]];
            within += (y[i] - binMean) * (y[i] - binMean);
        }
        if (total <= 0) return 0;
        var explained = (total - within - (k - 1) * within / (n - k)) / total;
        return Math.Clamp(explained, 0, 1);
    }

    /// <summary>Ranks 1…n, lowest score first, tied scores (the diverged runs' +∞ among them) sharing their mean rank.</summary>
    internal static double[] Ranks(IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, scores.Count).OrderBy(i => scores[i]).ThenBy(i => i).ToArray();
        var ranks = new double[scores.Count];
        for (int start = 0; start < order.Length;)
        {
            int end = start;
            while (end + 1 < order.Length && scores[order[end + 1]].Equals(scores[order[start]])) end++;
            for (int j = start; j <= end; j++) ranks[order[j]] = (start + end) / 2.0 + 1;
            start = end + 1;
        }
        return ranks;
    }
}
