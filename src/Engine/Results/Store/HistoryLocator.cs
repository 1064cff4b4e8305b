namespace SweepCluster.Engine.Results.Store;

/// <summary>Where one trial's history lies in a sweep's folder of history pages: the page file, and the record's place in it.</summary>
/// <param name="File">The page's file name, relative to the sweep's folder (never a path).</param>
/// <param name="Offset">The record's first byte in that file.</param>
/// <param name="Length">The record's length in bytes, header included.</param>
public sealed record HistoryLocator(string File, long Offset, int Length);
