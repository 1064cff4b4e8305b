namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Some trials of a Sweep result, in the result's order (by arm, stage and index). Fewer than asked for means there
/// are no more.
/// </summary>
[GenerateSerializer, Immutable, Alias("sweep.SweepResultPage")]
public sealed record SweepResultPage(IReadOnlyList<SweepResultEntry> Trials);

/// <summary>
/// One trial of a Sweep result: its search key ("0/1/3", or an inherited trial's own id), which names its grain and its
/// place in the result, and the verdict the search gives it (re-judged against the best trial of its arm).
/// </summary>
/// <param name="Judged">
/// False when the search has not judged the trial (not reported yet): its own verdict stands, as in <c>SweepResultBuilder</c>.
/// </param>
/// <param name="Verdict">The verdict as docs/results.md spells it ("too-small"), or null for none.</param>
/// <param name="Parameters">A search over parameters: the configuration the trial ran (its η is the trial's own); null otherwise.</param>
[GenerateSerializer, Immutable, Alias("sweep.SweepResultEntry")]
public sealed record SweepResultEntry(string Key, bool Judged, string? Verdict, IReadOnlyList<Trials.TrialParameter>? Parameters = null);
