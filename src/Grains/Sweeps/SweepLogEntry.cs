using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;

using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// One fact of a sweep's log (<see cref="SweepFact"/>) as the coordinator stores it, appended in the order the driver
/// decided: replayed in that order they rebuild its search (<see cref="SweepLogReplay"/>). Stored in Orleans' binary format, figures as fields rather than JSON: a
/// tenth of the bytes and no parsing on restore. Engine enums are stored by number, as Orleans stores enums; an outcome
/// is the Engine's <see cref="TrialOutcome"/> itself, as it crosses grains.
/// </summary>
[GenerateSerializer, Immutable, Alias("sweep.log.Entry")]
public abstract record SweepLogEntry
{
    /// <summary>The run the fact is about.</summary>
    public abstract string Key { get; init; }

    /// <summary>The driver's fact this entry stores.</summary>
    public abstract SweepFact ToFact();

    /// <summary>The entry that stores <paramref name="fact"/>.</summary>
    public static SweepLogEntry Of(SweepFact fact) => fact switch
    {
        RunIssued r => RequestIssued.Of(r.Request),
        RunReported o => new OutcomeReported(o.Outcome),
        RangeTestFinished t => RangeTestReported.Of(t.Key, t.Result),
        Engine.Search.Driver.RungReached r => RungObserved.Of(r.Observation),
        RunReopened r => new OutcomeReopened(r.Key),
        _ => throw new ArgumentException($"no log entry stores a {fact.GetType().Name}.", nameof(fact)),
    };
}

/// <summary>A run the search asked for, logged before its trial is started.</summary>
[GenerateSerializer, Immutable, Alias("sweep.log.RequestIssued")]
/// <remarks><c>Parameters</c> and <c>Repeat</c>: a search over parameters' configuration (null and 0 otherwise, and in entries stored before them).</remarks>
public sealed record RequestIssued(string Key, int Arm, int Stage, double LearningRate, int Purpose, IReadOnlyList<TrialParameter>? Parameters = null, int Repeat = 0)
    : SweepLogEntry
{
    public static RequestIssued Of(TrialRequest r) => new(r.Key, r.Arm, r.Stage, r.LearningRate, (int)r.Purpose, TrialParameter.Of(r.Parameters), r.Repeat);

    public TrialRequest ToRequest() => new(Key, Arm, Stage, LearningRate, (TrialPurpose)Purpose)
    {
        Parameters = TrialParameter.ToValues(Parameters),
        Repeat = Repeat,
    };

    public override SweepFact ToFact() => new RunIssued(ToRequest());
}

/// <summary>A run's end as reported to the search (a range test that failed included): the outcome itself, through <c>Trials.Ends.OutcomeCodec</c>.</summary>
[GenerateSerializer, Immutable, Alias("sweep.log.OutcomeReported")]
public sealed record OutcomeReported(TrialOutcome Outcome) : SweepLogEntry
{
    /// <summary>The outcome's key: an entry's key is never set apart from its outcome.</summary>
    public override string Key
    {
        get => Outcome.Key;
        init => throw new NotSupportedException("an outcome's entry is keyed by its outcome.");
    }

    public override SweepFact ToFact() => new RunReported(Outcome);
}

/// <summary>A range test's result (its curve, as JSON: one per arm, and a nested shape not worth a codec).</summary>
[GenerateSerializer, Immutable, Alias("sweep.log.RangeTestReported")]
public sealed record RangeTestReported(string Key, string ResultJson) : SweepLogEntry
{
    public static RangeTestReported Of(string key, LrFinderResult result) => new(key, SweepLog.Write(result));

    public LrFinderResult ToResult() => SweepLog.Read<LrFinderResult>(ResultJson);

    public override SweepFact ToFact() => new RangeTestFinished(Key, ToResult());
}

/// <summary>An ASHA rung value (a run that reports at the same rung again replaces it).</summary>
[GenerateSerializer, Immutable, Alias("sweep.log.RungObserved")]
public sealed record RungObserved(string Key, int Epoch, double MetricValue) : SweepLogEntry
{
    public static RungObserved Of(RungObservation o) => new(o.Key, o.Epoch, o.MetricValue);

    public RungObservation ToObservation() => new(Key, Epoch, MetricValue);

    public override SweepFact ToFact() => new Engine.Search.Driver.RungReached(ToObservation());
}

/// <summary>A retry runs the run again: its earlier end no longer counts, and it is in flight until reported anew.</summary>
[GenerateSerializer, Immutable, Alias("sweep.log.OutcomeReopened")]
public sealed record OutcomeReopened(string Key) : SweepLogEntry
{
    public override SweepFact ToFact() => new RunReopened(Key);
}
