using Orleans.Concurrency;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// One sweep in the cluster, keyed by its sweep id ("s-" + 8 hex): it drives the Engine's <c>SweepSearch</c>, launching
/// a trial grain per request ("{sweepId}/{key}") and reporting each end back to the search, until the search is complete.
/// Its log (spec, issued requests, outcomes) is persisted after every step, so another silo resumes it after a loss.
/// </summary>
[Alias("sweep.ISweepCoordinatorGrain")]
public interface ISweepCoordinatorGrain : IGrainWithStringKey
{
    /// <summary>
    /// Parses and stores the spec and returns at once; the sweep runs in the background. A spec with problems is an
    /// <see cref="ArgumentException"/> listing them, and nothing is stored. Submitting again returns the current
    /// summary (a different spec is an <see cref="InvalidOperationException"/>).
    /// </summary>
    [Alias("Submit")]
    Task<SweepSummary> Submit(string specJson);

    [Alias("GetStatus"), ReadOnly, AlwaysInterleave]
    Task<SweepSummary> GetStatus();

    /// <summary>
    /// The Sweep result (docs/results.md) so far, trials fetched from their grains; histories only if asked for. One message:
    /// a large sweep's result is over Orleans' message size limit (100 MB by default) with its histories, and held whole
    /// by both ends; <see cref="GetResultHeader"/> and <see cref="GetResultPage"/> read it in pieces instead.
    /// </summary>
    [Alias("GetResult")]
    Task<SweepReport> GetResult(bool includeHistories);

    /// <summary>
    /// The Sweep result so far without its trials, everything else computed as <see cref="GetResult"/> does: the first
    /// call of a result read in pages. Interleaves with decisions and <see cref="GetStatus"/>, which are never held up
    /// by a reader.
    /// </summary>
    [Alias("GetResultHeader"), ReadOnly, AlwaysInterleave]
    Task<SweepResultHeader> GetResultHeader();

    /// <summary>
    /// Up to <paramref name="count"/> trials of the Sweep result, in its order, after the one of key <paramref name="after"/>
    /// (null: from the first), each with the search's verdict. The caller fetches each trial from its grain
    /// (<c>ITrialGrain.GetResult</c>), which says null for one not finished: the result leaves those out. Keyed by the
    /// last trial read, not by position, so that trials issued meanwhile neither repeat nor shift a page.
    /// </summary>
    [Alias("GetResultPage"), ReadOnly, AlwaysInterleave]
    Task<SweepResultPage> GetResultPage(string? after, int count);

    /// <summary>Cancels the running trials and marks the sweep cancelled; no effect on a finished sweep.</summary>
    [Alias("Cancel")]
    Task Cancel();

    /// <summary>
    /// Reruns, in place, the runs of this sweep that ended failed or cancelled (and those a cancel left unreported), then
    /// goes on with the search: its best and stages are recomputed. Returns at once; the sweep runs again in the
    /// background. Nothing to rerun leaves a finished sweep as it is. An unknown sweep is an
    /// <see cref="InvalidOperationException"/>.
    /// </summary>
    [Alias("Retry")]
    Task<SweepSummary> Retry();

    /// <summary>
    /// Submits this (new) sweep as a refinement of the finished sweep <paramref name="parentSweepId"/>: the parent's
    /// spec, searching <paramref name="refinements"/> more times (default the parent's refinements, at least 1, or 2 after
    /// a grid) with <paramref name="points"/> points each (default the parent's pointsPerRefinement, or 5) around the best η of
    /// each arm, reusing every finished trial of the parent instead of rerunning it. Its result names the parent in
    /// <c>parentSweepId</c>. A parent that is unknown, still running, or not a grid or coarse-to-fine search is an
    /// <see cref="InvalidOperationException"/>; refinements or points below 1 are an <see cref="ArgumentException"/>.
    /// </summary>
    [Alias("Refine")]
    Task<SweepSummary> Refine(string parentSweepId, int? refinements, int? points);

    /// <summary>
    /// What a refinement of this finished sweep takes over (<see cref="Refine"/> asks the parent): its stored spec and its
    /// finished trials' outcomes, refined <paramref name="refinements"/> times with <paramref name="points"/> rates each
    /// (null: the defaults <see cref="Refine"/> names). A sweep never submitted, still running, or not a grid or
    /// coarse-to-fine search over η is an <see cref="InvalidOperationException"/> saying so; numbers below 1 are an
    /// <see cref="ArgumentException"/>.
    /// </summary>
    [Alias("Inherit")]
    Task<SweepRefinement> Inherit(int? refinements, int? points);

    /// <summary>
    /// ASHA: trial <paramref name="trialId"/> has completed <paramref name="epoch"/> epochs (a rung of its arm) with
    /// <paramref name="metricValue"/> of the sweep's metric. The value is persisted before the answer; false means stop
    /// now. True for a sweep that is not running, a trial it does not know, or one already reported.
    /// </summary>
    [Alias("ContinueAtRung")]
    Task<bool> ContinueAtRung(string trialId, int epoch, double metricValue);

    /// <summary>A trial of this sweep has stored its end (told by <see cref="SweepTrialNotifier"/>).</summary>
    [Alias("TrialFinished"), OneWay]
    Task TrialFinished(string trialId);

    /// <summary>
    /// A trial of this sweep has stored its <paramref name="end"/>, which it sends along: the coordinator decides without
    /// calling the trial back (a round trip to another silo per decision). Null: as <see cref="TrialFinished"/>.
    /// </summary>
    [Alias("TrialEnded"), OneWay]
    Task TrialEnded(string trialId, Trials.TrialEnd? end);
}
