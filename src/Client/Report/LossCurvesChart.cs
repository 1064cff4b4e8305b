using SweepCluster.Engine.Results;

namespace SweepCluster.Client.Report;

/// <summary>
/// Every trial's training loss per recorded step and validation loss per epoch against the step, coloured by η on a
/// log scale (fastai's recorder plot, one line per run): too small a rate shows as a curve that barely falls, too large
/// as one that zig-zags or shoots up. Curves are thinned to share <see cref="CurveThinning.Budget"/>.
/// </summary>
internal static class LossCurvesChart
{
    public const string Id = "loss-curves";

    /// <param name="miniBatch">True when the runs trained on batches (noisy step losses, smoothed at first), false when on
    /// the full objective (exact losses, drawn as they are), null when not known (smoothing offered, off at first).</param>
    /// <returns>Null when no trial has a recorded history (a result fetched without histories, or no trial yet).</returns>
    public static ReportChart? Build(IReadOnlyList<Trial> trials, IReadOnlyList<string> armNames, bool? miniBatch, ICollection<string> notes)
    {
        if (!trials.Any(Recorded)) return null;
        var trained = trials.Where(Trained).ToArray();
        var drawn = (trained.Length <= CurveThinning.MaxCurves ? trials : Curves(trials)).Where(Recorded).ToArray();
        if (trained.Length > CurveThinning.MaxCurves)
            notes.Add($"Loss curves: {drawn.Length} of {trained.Length} trials are drawn, evenly spaced by arm and η, so that the page stays fast.");
        var cap = CurveThinning.CapFor(drawn.Length);
        var single = trials.Count == 1;
        var perEpochOfArm = drawn.GroupBy(t => t.Arm).ToDictionary(g => g.Key, g => g.Select(StepsPerEpoch).FirstOrDefault(v => v is not null));

        var series = new List<ChartSeries>();
        var thinned = 0;
        var recorded = 0;
        foreach (var trial in drawn)
        {
            var history = trial.History!;
            var steps = history.Steps.Where(p => double.IsFinite(p.TrainLoss)).Select(p => new ChartPoint(p.Step, p.TrainLoss)).ToArray();
            var perEpoch = StepsPerEpoch(trial) ?? perEpochOfArm[trial.Arm];
            var epochs = history.Epochs.Where(e => MetricFigure.IsFinite(e.ValidationLoss))
                .Select(e => new ChartPoint(EndOfEpoch(e.Epoch, perEpoch, history), e.ValidationLoss!.Value)).ToArray();
            if (steps.Length > cap) thinned++;
            recorded = Math.Max(recorded, steps.Length);
            var name = single ? "train loss (per step)" : $"{trial.TrialId} · η {ReportText.G(trial.LearningRate)}";
            series.Add(new ChartSeries(name, SeriesRoles.TrainLoss, trial.Arm, CurveThinning.Thin(steps, cap)) { ColorValue = trial.LearningRate });
            if (epochs.Length > 0)
                series.Add(new ChartSeries(single ? "validation loss (per epoch)" : $"{trial.TrialId} · validation", SeriesRoles.ValidationLoss, trial.Arm,
                    CurveThinning.Thin(epochs, cap)) { ColorValue = trial.LearningRate });
        }
        if (thinned > 0)
            notes.Add($"Loss curves: {thinned} of {drawn.Length} step curves are thinned to {cap} evenly spaced recorded points each "
                + $"(of up to {recorded}; the first and last are kept) so that the page stays fast.");

        var ys = series.SelectMany(s => s.Points).Select(p => p.Y).ToArray();
        var starts = series.Where(s => s.Role == SeriesRoles.TrainLoss && s.Points.Count > 0).Select(s => s.Points[0].Y).ToArray();
        // Batch losses are noisy (a lucky batch of a logistic regression scores 1e-12): judge the span from where the runs
        // started and the training loss they ended at, so a log axis is chosen for runs that fall by orders of magnitude.
        var ends = drawn.Where(t => t.Status is TrialStatus.Completed or TrialStatus.Stopped).Select(t => t.TrainLoss).Where(MetricFigure.IsFinite).Select(v => v!.Value);
        var log = starts.Length > 0 && ys.Min() > 0 && LogAxis.Suits([.. starts, .. ends], 100);
        // A diverging run's loss grows by orders of magnitude before it is stopped; the axis ends a little above where the
        // runs started, so that the runs that learn fill the chart and a diverging one is seen leaving it.
        var max = starts.Length > 0 && ys.Max() > 1.5 * starts.Max() ? ChartAxis.RoundUp(1.5 * starts.Max()) : (double?)null;
        var rates = drawn.Select(t => t.LearningRate).Where(r => double.IsFinite(r) && r > 0).ToArray();
        var caption = single
            ? "The training loss of each recorded step's batch (before its update) and the validation loss at the end of each epoch."
            : "One line per trial: the training loss of each recorded step's batch (solid) and the validation loss at the end of each epoch (dashed, dots), "
                + "coloured by η on a log scale; hover a line for its trial." + (armNames.Count > 1 ? " The switches show or hide an arm's trials." : "");
        if (max is not null) caption += " The axis ends at 1.5 × the highest starting loss; diverging runs leave the chart at the top.";
        if (miniBatch != false) caption += " “smooth” draws a debiased moving average of the batch losses, as fastai does; untick it for each batch's own loss.";
        return new ReportChart(Id, single ? "Loss" : "Loss curves", caption, new ChartAxis("step", Log: false),
            new ChartAxis("loss", log, LogToggle: true) { Max = max }, series)
        {
            Colors = rates.Length > 0 && !single ? new RateColorScale("η", rates.Min(), rates.Max()) : null,
            ArmToggles = armNames.Count > 1,
            Smoothing = miniBatch != false ? miniBatch ?? false : null,
        };
    }

    /// <summary>
    /// The trials whose curves the chart draws: every trial that trained, or, for more than it can draw, a stride through
    /// them by arm and η (the lowest and highest η kept) so that every part of the range shows. Their histories, and
    /// those of each arm's best, are all a report reads (<see cref="ReportHistories"/>).
    /// </summary>
    public static IReadOnlyList<Trial> Curves(IReadOnlyList<Trial> trials)
    {
        var trained = trials.Where(Trained).ToArray();
        return trained.Length <= CurveThinning.MaxCurves ? trained
            : CurveThinning.Thin(trained.OrderBy(t => t.Arm).ThenBy(t => t.LearningRate).ToArray(), CurveThinning.MaxCurves);
    }

    private static bool Recorded(Trial t) => t.History is { Steps.Count: > 0 };

    // A trial with recorded steps, or that trained steps whose history was not fetched.
    private static bool Trained(Trial t) => t.Steps > 0 || Recorded(t);

    /// <summary>Steps in one epoch, from a run that finished its epochs; null for a run that stopped inside one.</summary>
    private static double? StepsPerEpoch(Trial t) =>
        t.Status is TrialStatus.Completed or TrialStatus.Stopped && t.EpochsCompleted > 0 ? (double)t.Steps / t.EpochsCompleted : null;

    /// <summary>
    /// The step at which epoch <paramref name="epoch"/> ended: the next step's loss is the first after it. Without a run
    /// that finished its epochs, the step after the last one recorded in that epoch.
    /// </summary>
    private static double EndOfEpoch(int epoch, double? stepsPerEpoch, TrialHistory history) =>
        stepsPerEpoch is { } perEpoch ? (epoch + 1) * perEpoch
            : history.Steps.Where(s => s.Epoch <= epoch).Select(s => s.Step + 1).DefaultIfEmpty(0).Max();
}
