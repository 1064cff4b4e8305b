using System.Diagnostics;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The LR range test (Smith; fastai's <c>lr_find</c>): one run on an arm's data, model, optimizer, batch size and
/// shuffling, whose rate ramps from min to max over the steps while the batch loss is recorded and smoothed, stopping
/// once the smoothed loss blows up. The arm's schedule is replaced by the ramp, and the trainer's own divergence rule
/// by the test's.
/// </summary>
public static class LrRangeTest
{
    /// <summary>Runs the test for one arm of <paramref name="spec"/>.</summary>
    public static LrFinderResult Run(SweepSpec spec, ArmSpec arm, LrRangeTestSettings settings, TrainingProgress? progress = null, CancellationToken cancel = default) =>
        Run(TrialPlan.For(spec, arm, settings.Min), settings, progress, cancel);

    /// <summary>Runs the test on <paramref name="plan"/>'s data, model, optimizer and training settings.</summary>
    /// <exception cref="OperationCanceledException">When <paramref name="cancel"/> fires during the test.</exception>
    public static LrFinderResult Run(TrialPlan plan, LrRangeTestSettings settings, TrainingProgress? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(settings);
        var clock = Stopwatch.StartNew();
        var probe = plan with
        {
            Schedule = new ConstantScheduleSpec(),
            // The test judges divergence itself; the history is not needed (the recorder keeps every step).
            Training = plan.Training with { DivergenceFactor = double.PositiveInfinity, HistoryEvery = int.MaxValue },
            Optimizer = plan.Optimizer with { LearningRate = settings.Min },
        };
        var recorder = new RangeTestRecorder(settings);
        var trial = Trainer.RunHooked(probe, recorder, progress, cancel);
        if (trial.Status == TrialStatus.Cancelled) throw new OperationCanceledException(cancel);
        var suggestions = LrSuggester.Suggest(recorder.Curve, settings.Steps, settings.Min);
        return new LrFinderResult(recorder.Curve, suggestions, suggestions.Valley, clock.Elapsed.TotalSeconds);
    }
}
