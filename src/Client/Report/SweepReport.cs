using System.Globalization;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>The page of a Sweep result (docs/results.md): summary, charts, stages and trials.</summary>
public static class SweepReport
{
    /// <param name="source">Where the result came from, for the page's subtitle (a file, or a sweep on a cluster).</param>
    public static ReportPage Build(SweepResult result, string source)
    {
        ArgumentNullException.ThrowIfNull(result);
        var arms = result.Spec.ResolvedArms();
        var armNames = arms.Select(a => a.Name).ToArray();
        var metric = result.Spec.Search.Metric;
        var bestIds = result.BestByArm.Where(b => b is not null).Select(b => b!.TrialId).ToHashSet(StringComparer.Ordinal);
        var notes = new List<string>();

        var metricVsRate = MetricVsRateChart.Build(result, armNames);
        var charts = new List<ReportChart?>
        {
            metricVsRate is null ? null : GroupBars.With(Scattered(metricVsRate, result), result),
            LossCurvesChart.Build(result.Trials, armNames, result.Spec.Data is not NoDataSpec && arms.Any(a => a.Training.BatchSize is not null), notes),
        };
        for (var arm = 0; arm < result.LrFinderByArm.Count; arm++)
            if (result.LrFinderByArm[arm] is { } test) charts.Add(LrFinderChart.Build(test, arm, ArmName(armNames, arm), armNames.Length > 1));
        var bestRuns = result.BestByArm.Select(b => b is null ? null : result.Trials.FirstOrDefault(t => t.TrialId == b.TrialId))
            .OfType<Trial>().ToArray();
        charts.Add(RateOverTimeChart.Build(bestRuns, armNames, bestOfArms: true));
        charts.AddRange(ParameterCharts.Build(result));

        if (result.Trials.Count == 0) notes.Add("This sweep has no trials: it ran range tests only.");
        else if (result.Trials.All(t => t.History is null)) notes.Add("The result holds no histories, so there are no loss curves and no η over time.");
        if (result.Status == SweepStatus.Running) notes.Add("The sweep was still running when this report was made: it shows the trials finished so far.");

        return new ReportPage(
            "sweep", result.Name, $"sweep {result.SweepId} · {ContractNames.Of(result.Status)} · {Plural(result.Trials.Count, "trial")}", source,
            ContractNames.Of(metric), metric == Metric.ValidationAccuracy, Facts(result), Arms(result, arms),
            TrialTally.Of(result.Trials), SiloUse.Of(result.Trials), [.. charts.OfType<ReportChart>()],
            [.. result.Stages.OrderBy(s => s.Arm).ThenBy(s => s.Index).Select(s => new StageRow(s.Arm, ArmName(armNames, s.Arm), s.Index,
                ContractNames.Of(s.Kind), s.LearningRates, result.Trials.Count(t => t.Arm == s.Arm && t.Stage == s.Index), s.BestLearningRate))],
            [.. result.Trials.Select(t => TrialRow.Of(t, ArmName(armNames, t.Arm), bestIds.Contains(t.TrialId)))],
            notes)
        {
            Warnings = result.Warnings,
            ParameterNames = [.. result.Trials.Where(t => t.Parameters is not null).SelectMany(t => t.Parameters!.Keys)
                .Distinct(StringComparer.Ordinal).Where(n => n != SearchParameter.LearningRate)],
            Importance = ParameterTables.Importance(result),
            Groups = ParameterTables.Groups(result),
        };
    }

    /// <summary>
    /// With other parameters searched, neighbours in η differ in everything else: a line joining them would suggest a curve
    /// that is not there, so the trials are drawn as points.
    /// </summary>
    private static ReportChart Scattered(ReportChart chart, SweepResult result) =>
        result.Trials.Any(t => t.Parameters is { } p && p.Keys.Any(k => k != SearchParameter.LearningRate))
            ? chart with { Series = [.. chart.Series.Select(s => s.Role == SeriesRoles.Trials ? s with { Role = SeriesRoles.Points } : s)] }
            : chart;

    private static IReadOnlyList<ReportFact> Facts(SweepResult r)
    {
        List<ReportFact> facts =
        [
            new("Sweep", r.ParentSweepId is { } parent ? $"{r.SweepId}, refining {parent}" : r.SweepId),
            new("Status", ContractNames.Of(r.Status)),
            new("Search", SpecSummary.Of(r.Spec.Search)),
            new("Metric", $"{ContractNames.Of(r.Spec.Search.Metric)} ({(r.Spec.Search.Metric == Metric.ValidationAccuracy ? "higher" : "lower")} is better)"),
            // A user's program brings its own data and model: the page names the program instead.
            .. r.Spec.Trainer is { } trainer
                ? new ReportFact[] { new("Trainer", trainer.Command is { } command ? string.Join(' ', command) : $"\"{trainer.Name}\", declared on the silos") }
                : [new("Data", SpecSummary.Of(r.Spec.Data)), new("Model", SpecSummary.Of(r.Spec.Model))],
            new("Wall time", ReportText.Seconds(r.WallSeconds)),
            new("Compute time", r.WallSeconds > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{ReportText.Seconds(r.ComputeSeconds)} ({r.ComputeSeconds / r.WallSeconds:0.0#} × wall)") : ReportText.Seconds(r.ComputeSeconds)),
        ];
        if (r.Theory is { } t)
        {
            facts.Add(new("Theory", $"L = {ReportText.G(t.Smoothness)}, μ = {ReportText.G(t.StrongConvexity)} ({ContractNames.Of(t.Source)}): "
                + $"2/L = {ReportText.G(t.StableBelow)}, 2/(L+μ) = {ReportText.G(t.OptimalConstant)}"));
            if (t.DivergenceEdge is { } edge && (edge.LowestDiverged is not null || edge.HighestStable is not null))
                facts.Add(new("Divergence edge", (edge.LowestDiverged is { } diverged ? $"plain runs diverged from η {ReportText.G(diverged)}" : "no plain run diverged")
                    + (edge.HighestStable is { } stable ? $", stable up to η {ReportText.G(stable)}" : ", none was stable")));
        }
        return facts;
    }

    private static IReadOnlyList<ArmSummary> Arms(SweepResult r, IReadOnlyList<ArmSpec> arms) =>
    [
        .. arms.Select((arm, i) =>
        {
            var best = i < r.BestByArm.Count ? r.BestByArm[i] : null;
            var verdict = best is null ? null : r.Trials.FirstOrDefault(t => t.TrialId == best.TrialId)?.Verdict;
            return new ArmSummary(i, arm.Name, SpecSummary.Of(arm.Optimizer), SpecSummary.Of(arm.Schedule), SpecSummary.Of(arm.Training),
                r.Trials.Count(t => t.Arm == i), best?.TrialId, best?.LearningRate,
                best is null ? null : MetricFigure.Of(r.Spec.Search.Metric, best.TrainLoss, best.ValidationLoss, best.ValidationAccuracy),
                best?.ValidationAccuracy, verdict is { } v ? ContractNames.Of(v) : null);
        }),
    ];

    private static string ArmName(IReadOnlyList<string> names, int arm) => arm >= 0 && arm < names.Count ? names[arm] : $"arm {arm}";

    private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";
}
