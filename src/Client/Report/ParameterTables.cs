using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search.Importance;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Client.Report;

/// <summary>One configuration of a search with repeats, as the groups table shows it.</summary>
/// <param name="IsBest">The configuration the sweep's best trial belongs to.</param>
public sealed record GroupRow(
    IReadOnlyDictionary<string, ParameterValue> Parameters, double? Mean, double? Std, int N, IReadOnlyList<string> TrialIds, bool IsBest);

/// <summary>The page's parameter tables: the importance ranking and, with repeats, the configurations.</summary>
internal static class ParameterTables
{
    /// <summary>The ranking, or empty for a search over η alone (nothing to rank) or too few finished trials.</summary>
    public static IReadOnlyList<ParameterImportance> Importance(SweepResult result)
    {
        var names = result.Trials.Where(t => t.Parameters is not null).SelectMany(t => t.Parameters!.Keys).Distinct(StringComparer.Ordinal).Count();
        return names > 1 ? ParameterImportances.Of(result.Trials, result.Spec.Search.Metric) : [];
    }

    /// <summary>The configurations best first (by mean, in the metric's direction), those without a mean last.</summary>
    public static IReadOnlyList<GroupRow> Groups(SweepResult result)
    {
        if (result.Groups is not { Count: > 0 } groups) return [];
        var sign = result.Spec.Search.Metric == Engine.Spec.Metric.ValidationAccuracy ? -1 : 1;
        var best = result.Best?.TrialId;
        return [.. groups.OrderBy(g => g.Mean is { } m && double.IsFinite(m) ? 0 : 1).ThenBy(g => sign * (g.Mean ?? 0))
            .Select(g => new GroupRow(g.Parameters, g.Mean, g.Std, g.N, g.TrialIds, best is not null && g.TrialIds.Contains(best)))];
    }
}
