namespace SweepCluster.Engine.Data;

/// <summary>
/// The process-wide table of loaded data sets (<see cref="DatasetTable"/>): a silo trains many trials on the same data at
/// once, and each should neither reread the file nor hold its own copy. It keeps at most <see cref="BudgetBytes"/> of
/// data sets for reuse (a silo's <c>--data-cache-mb</c>), letting the least recently used go first.
/// </summary>
/// <remarks>
/// Entries are keyed by <c>identity</c> (what is loaded: source, full path, parsing options or generator parameters) and
/// carry a <c>version</c> (for files: length and last-write time). A changed file gets a new load that replaces the old
/// entry, so a long-lived silo keeps one table per data set, never a trail of stale ones.
/// </remarks>
public static class DatasetCache
{
    private static readonly DatasetTable s_table = new(DefaultBudgetBytes());

    /// <summary>How many data sets are known (held, loading, or let go but still in use).</summary>
    public static int Count => s_table.Count;

    /// <summary>The most bytes of data sets kept for reuse; default a quarter of the memory this process may use.</summary>
    public static long BudgetBytes
    {
        get => s_table.BudgetBytes;
        set => s_table.BudgetBytes = value;
    }

    /// <summary>Bytes of the data sets kept for reuse now.</summary>
    public static long HeldBytes => s_table.HeldBytes;

    /// <summary>A quarter of the memory available to this process (its container's limit, if any).</summary>
    public static long DefaultBudgetBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4;

    /// <summary>The cached data set for <paramref name="identity"/> at <paramref name="version"/>, loading it once if needed.</summary>
    public static Dataset GetOrLoad(string identity, string version, Func<Dataset> load) => s_table.GetOrLoad(identity, version, load);

    /// <summary>Forgets one data set (its memory is freed once no run uses it); true if it was known.</summary>
    public static bool Remove(string identity) => s_table.Remove(identity);
}
