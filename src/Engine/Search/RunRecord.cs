using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// What a search keeps of one run: its η and, once it ended, the figures of its <see cref="TrialOutcome"/>. The key,
/// arm and stage follow from where the record is kept (<see cref="RunPlace"/>), so a request or an outcome is made
/// again from it when asked for, instead of every one being held.
/// </summary>
internal readonly struct RunRecord
{
    // Which of the nullable figures are set.
    private const byte HasTrainLoss = 1, HasValidationLoss = 2, HasValidationAccuracy = 4, HasInitialLoss = 8, HasVerdict = 16;

    // 0: not ended; 1: a range test that ended with its result; otherwise the reported status + 2.
    private readonly byte _end;
    private readonly byte _set;
    private readonly byte _verdict;
    private readonly int _epochs;
    private readonly double _trainLoss, _validationLoss, _validationAccuracy, _initialLoss, _wallSeconds;

    private RunRecord(double rate, byte end, TrialOutcome? outcome)
    {
        Rate = rate;
        _end = end;
        if (outcome is null) return;
        _set = (byte)((outcome.TrainLoss is null ? 0 : HasTrainLoss) | (outcome.ValidationLoss is null ? 0 : HasValidationLoss)
            | (outcome.ValidationAccuracy is null ? 0 : HasValidationAccuracy) | (outcome.InitialLoss is null ? 0 : HasInitialLoss)
            | (outcome.Verdict is null ? 0 : HasVerdict));
        _verdict = (byte)(outcome.Verdict ?? 0);
        _epochs = outcome.EpochsCompleted;
        (_trainLoss, _validationLoss, _validationAccuracy, _initialLoss, _wallSeconds) =
            (outcome.TrainLoss ?? 0, outcome.ValidationLoss ?? 0, outcome.ValidationAccuracy ?? 0, outcome.InitialLoss ?? 0, outcome.WallSeconds);
    }

    /// <summary>The run's η as planned (a range test's: its ramp's first rate).</summary>
    public double Rate { get; }

    /// <summary>True once the run was reported, or its range test finished.</summary>
    public bool Ended => _end != 0;

    /// <summary>True once the run was reported with an outcome.</summary>
    public bool Reported => _end > 1;

    public static RunRecord Planned(double rate) => new(rate, 0, null);

    /// <summary>This run, reported with <paramref name="outcome"/>.</summary>
    public RunRecord With(TrialOutcome outcome) => new(Rate, (byte)((int)outcome.Status + 2), outcome);

    /// <summary>This run, a range test that finished with its result.</summary>
    public RunRecord Finished() => new(Rate, 1, null);

    /// <summary>The outcome reported, made again for <paramref name="place"/>; null when none was.</summary>
    /// <param name="reportedRate">The η the outcome named, when it differs from the planned one.</param>
    public TrialOutcome? Outcome(RunPlace place, string? key = null, double? reportedRate = null) => Reported
        ? new TrialOutcome(key ?? place.Key, place.Arm, place.Stage, reportedRate ?? Rate, (TrialStatus)(_end - 2),
            Figure(HasTrainLoss, _trainLoss), Figure(HasValidationLoss, _validationLoss), Figure(HasValidationAccuracy, _validationAccuracy),
            _epochs, Figure(HasInitialLoss, _initialLoss), (_set & HasVerdict) != 0 ? (Verdict)_verdict : null, _wallSeconds)
        : null;

    private double? Figure(byte flag, double value) => (_set & flag) != 0 ? value : null;
}
