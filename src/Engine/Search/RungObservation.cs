namespace SweepCluster.Engine.Search;

/// <summary>
/// One <see cref="SweepSearch.ContinueAtRung"/> call: a trial's metric after <see cref="Epoch"/> epochs. A coordinator
/// persists these beside the outcomes so a restored search halves against the same values.
/// </summary>
public sealed record RungObservation(string Key, int Epoch, double MetricValue);
