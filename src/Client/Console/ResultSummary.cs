using System.Globalization;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Console;

/// <summary>
/// The few lines a terminal shows instead of a result's JSON: how it ended, the best η of each arm with its metric and
/// verdict, the warnings, and where the whole result was saved.
/// </summary>
internal static class ResultSummary
{
    /// <summary>A Sweep result, from its header (no trials needed) and its tallied trials.</summary>
    public static IEnumerable<string> OfSweep(SweepResult header, TrialTally tally, string savedPath)
    {
        var statuses = string.Join(", ", tally.ByStatus.Select(s => $"{s.Count} {ContractNames.Of(s.Status)}"));
        var trials = $"{tally.Total} trial{(tally.Total == 1 ? "" : "s")}{(statuses.Length > 0 ? $" ({statuses})" : "")}";
        yield return Invariant($"sweep {header.SweepId} ({header.Name}): {ContractNames.Of(header.Status)}, {trials}, {header.WallSeconds:0.#} s");
        if (header.ParentSweepId is { } parent) yield return $"refines sweep {parent}";
        var metric = header.Spec.Search.Metric;
        yield return $"best η of each arm, by {ContractNames.Of(metric)}:";
        var names = ArmNames(header);
        var width = names.Max(n => n.Length);
        for (var arm = 0; arm < names.Count; arm++)
        {
            var best = arm < header.BestByArm.Count ? header.BestByArm[arm] : null;
            yield return "  " + names[arm].PadRight(width) + "  " + (best is null ? "none: no trial of this arm finished without diverging" : Best(best, metric, tally));
        }
        var warnings = header.Warnings;
        if (warnings.Count > 0)
        {
            yield return "warnings:";
            foreach (var warning in warnings) yield return "  " + warning;
        }
        yield return "full result (JSON): " + savedPath;
    }

    /// <summary>A Trial of `sweep train`.</summary>
    public static IEnumerable<string> OfTrial(Trial trial, string name, string arm, string savedPath)
    {
        var length = $"{trial.EpochsCompleted} epoch{(trial.EpochsCompleted == 1 ? "" : "s")}, {trial.Steps} steps";
        yield return Invariant($"{name} ({arm}) at η {Rate(trial.LearningRate)}: {ContractNames.Of(trial.Status)}, {length}, {trial.WallSeconds:0.##} s, verdict {Verdict(trial.Verdict)}");
        var figures = new[]
        {
            ("trainLoss", trial.TrainLoss), ("validationLoss", trial.ValidationLoss), ("validationAccuracy", trial.ValidationAccuracy),
        }.Where(f => f.Item2 is not null).Select(f => $"{f.Item1} {Value(f.Item2)}").ToArray();
        if (figures.Length > 0) yield return "  " + string.Join("  ", figures);
        if (trial.Error is { } error) yield return "  error: " + error;
        yield return "full result (JSON): " + savedPath;
    }

    /// <summary>
    /// The arms' names in the result's order, from its spec. (When each bestByArm entry carries its arm's `name`, the
    /// names are the same; the spec also names arms that have no best.)
    /// </summary>
    public static IReadOnlyList<string> ArmNames(SweepResult header) => [.. header.Spec.ResolvedArms().Select(a => a.Name)];

    private static string Best(BestTrial best, Metric metric, TrialTally tally)
    {
        var rate = Rate(best.LearningRate).PadRight(9);
        var value = Value(MetricOf(best, metric)).PadRight(11);
        return $"η {rate} {ContractNames.Of(metric)} {value} {Verdict(tally.VerdictOf(best.TrialId))}";
    }

    public static double? MetricOf(BestTrial best, Metric metric) => metric switch
    {
        Metric.TrainLoss => best.TrainLoss,
        Metric.ValidationAccuracy => best.ValidationAccuracy,
        _ => best.ValidationLoss,
    };

    private static string Verdict(Verdict? verdict) => verdict is { } v ? ContractNames.Of(v) : "not judged";

    /// <summary>η with 4 significant digits: grid points such as 0.0774263682681127 read as 0.07743.</summary>
    public static string Rate(double rate) => double.IsNaN(rate) ? "from the smoothness rule" : rate.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A loss or accuracy with 5 significant digits, never rounded to 0.00000.</summary>
    public static string Value(double? value) => value is double v ? v.ToString("G5", CultureInfo.InvariantCulture) : "none";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
