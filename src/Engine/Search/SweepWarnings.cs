using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The Sweep result's warnings: one line for each thing a user must know before trusting a best η. Every trial of an
/// arm diverged (search lower); an arm's best η is the top or bottom of the rates it ran, so the best may lie beyond
/// (coarse-to-fine already walked past its edges: this says it still ended on one); trials or a range test failed.
/// The first two are said once an arm's search is complete, failures as soon as they happen.
/// </summary>
internal static class SweepWarnings
{
    public static IReadOnlyList<string> Of(IReadOnlyList<ArmSpec> specs, IReadOnlyList<ArmSearch> arms)
    {
        var warnings = new List<string>();
        for (var i = 0; i < arms.Count; i++)
        {
            var arm = arms[i];
            var label = $"arm {i} ({specs[i].Name})";
            var counts = Count(arm.Outcomes);
            if (arm.IsComplete && arm.Best is null && counts.Diverged > 0 && counts.Diverged + counts.Unfinished == counts.Total)
                warnings.Add($"every trial of {label} diverged: search below {Rate(arm.RunRates[0])}");
            if (arm.IsComplete && !arm.SearchesParameters && arm.Best is { } best && Edge(best.LearningRate, arm.RunRates) is { } edge)
                warnings.Add($"{label}: best η {Rate(best.LearningRate)} is the {edge} of the range searched; {(edge == "top" ? "raise max" : "lower min")}");
            if (counts.Failed > 0)
                warnings.Add($"{label}: {counts.Failed} of {counts.Total} trial{(counts.Total == 1 ? "" : "s")} failed");
            if (arm.FailedRangeTests.Any(t => t.Status == TrialStatus.Failed))
                warnings.Add($"{label}: the LR range test failed, so nothing was searched after it");
        }
        return warnings;
    }

    /// <summary>"top" or "bottom" when <paramref name="best"/> is the largest or smallest of at least two distinct rates run; else null.</summary>
    private static string? Edge(double best, IReadOnlyList<double> runRates)
    {
        if (runRates.Count < 2 || LogGrid.Same(runRates[0], runRates[^1], LogGrid.RerunTolerance)) return null;
        if (LogGrid.Same(best, runRates[^1], LogGrid.RerunTolerance)) return "top";
        if (LogGrid.Same(best, runRates[0], LogGrid.RerunTolerance)) return "bottom";
        return null;
    }

    private static (int Total, int Diverged, int Failed, int Unfinished) Count(IEnumerable<TrialOutcome> outcomes)
    {
        int total = 0, diverged = 0, failed = 0, unfinished = 0;
        foreach (var outcome in outcomes)
        {
            total++;
            if (outcome.Status == TrialStatus.Diverged) diverged++;
            if (outcome.Status == TrialStatus.Failed) failed++;
            if (outcome.Status is TrialStatus.Failed or TrialStatus.Cancelled) unfinished++;
        }
        return (total, diverged, failed, unfinished);
    }

    private static string Rate(double rate) => rate.ToString("G4", CultureInfo.InvariantCulture);
}
