using SweepCluster.Engine.Results.Store;

namespace SweepCluster.Grains.Results;

/// <summary>Where a finished trial's history lies in its sweep's folder of the results store (kept in the trial's grain state).</summary>
/// <param name="File">The page file's name in the sweep's folder.</param>
[GenerateSerializer, Immutable, Alias("sweep.HistoryLocation")]
public sealed record HistoryLocation(string File, long Offset, int Length)
{
    public HistoryLocator ToLocator() => new(File, Offset, Length);

    public static HistoryLocation Of(HistoryLocator locator) => new(locator.File, locator.Offset, locator.Length);
}
