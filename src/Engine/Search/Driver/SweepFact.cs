using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search.Driver;

/// <summary>
/// One fact of a sweep's log, in the order the driver decided it: replayed in that order by
/// <see cref="SweepDriver.Restore"/>, they rebuild its search. A coordinator stores them; the local runner need not.
/// </summary>
public abstract record SweepFact(string Key);

/// <summary>A run the search asked for, logged before it is launched.</summary>
public sealed record RunIssued(TrialRequest Request) : SweepFact(Request.Key);

/// <summary>A run's end as reported to the search (a range test that failed included).</summary>
public sealed record RunReported(TrialOutcome Outcome) : SweepFact(Outcome.Key);

/// <summary>A range test's result.</summary>
public sealed record RangeTestFinished(string RunKey, LrFinderResult Result) : SweepFact(RunKey);

/// <summary>An ASHA rung value (a run that reports at the same rung again replaces it).</summary>
public sealed record RungReached(RungObservation Observation) : SweepFact(Observation.Key);

/// <summary>A retry runs the run again: its earlier end no longer counts, and it is in flight until reported anew.</summary>
public sealed record RunReopened(string RunKey) : SweepFact(RunKey);
