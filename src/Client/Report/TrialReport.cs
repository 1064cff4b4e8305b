using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>The page of a single Trial (docs/results.md), as `sweep train --out` writes it: its figures, loss and η over time.</summary>
public static class TrialReport
{
    /// <param name="source">The file the trial was read from, for the page's subtitle.</param>
    public static ReportPage Build(Trial trial, string source)
    {
        ArgumentNullException.ThrowIfNull(trial);
        string[] armNames = [$"arm {trial.Arm}"];
        var notes = new List<string>();
        var charts = new[] { LossCurvesChart.Build([trial], armNames, miniBatch: null, notes), RateOverTimeChart.Build([trial], armNames, bestOfArms: false) }.OfType<ReportChart>().ToArray();
        if (trial.History is null) notes.Add("The trial holds no history, so there are no curves.");
        var verdict = trial.Verdict is { } v ? ContractNames.Of(v) : "none";
        var metric = trial.ValidationLoss is null ? "trainLoss" : "validationLoss";
        return new ReportPage(
            "trial", double.IsFinite(trial.LearningRate) ? $"Trial at η {ReportText.G(trial.LearningRate)}" : "Trial (η set by its schedule)", $"trial {trial.TrialId} · {ContractNames.Of(trial.Status)} · verdict {verdict}",
            source, metric, Maximize: false, Facts(trial, verdict), [], TrialTally.Of([trial]), SiloUse.Of([trial]), charts, [],
            [TrialRow.Of(trial, armNames[0], isBest: false)], notes);
    }

    private static IReadOnlyList<ReportFact> Facts(Trial t, string verdict)
    {
        var facts = new List<ReportFact>
        {
            new("Trial", t.TrialId),
            new("Status", ContractNames.Of(t.Status)),
            new("Verdict", verdict),
            new("η", ReportText.G(t.LearningRate)),
            new("Optimizer", SpecSummary.Of(t.Optimizer)),
            new("Schedule", SpecSummary.Of(t.Schedule)),
            new("Epochs, steps", $"{t.EpochsCompleted}, {t.Steps}"),
            new("Train loss", $"{ReportText.G(t.TrainLoss)} (from {ReportText.G(t.InitialLoss)})"),
            new("Validation loss", ReportText.G(t.ValidationLoss)),
            new("Validation accuracy", ReportText.G(t.ValidationAccuracy)),
            new("Wall time", ReportText.Seconds(t.WallSeconds)),
            new("Silo", t.Silo ?? "this process"),
        };
        if (t.Attempts != 1) facts.Add(new("Attempts", t.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        if (t.Error is { } error) facts.Add(new("Error", error));
        return facts;
    }
}
