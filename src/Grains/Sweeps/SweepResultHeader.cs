namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The first part of a Sweep result read in pages: everything of docs/results.md but the trials. The trials come from
/// <see cref="ISweepCoordinatorGrain.GetResultPage"/> (which trials, in which order, with which verdict) and from each
/// trial's own grain, so that no message holds more than a page of keys or one trial.
/// </summary>
/// <param name="Json">The Sweep result JSON as <see cref="ISweepCoordinatorGrain.GetResult"/> writes it, with <c>"trials": []</c>.</param>
/// <param name="Trials">The trials the result may list when the header was made: finished ones are listed, running ones are not.</param>
[GenerateSerializer, Immutable, Alias("sweep.SweepResultHeader")]
public sealed record SweepResultHeader(string SweepId, SweepPhase Status, string Json, int Trials);
