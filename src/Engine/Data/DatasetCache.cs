using System.Collections.Concurrent;

namespace SweepCluster.Engine.Data;

/// <summary>
/// The process-wide table of loaded data sets: a silo trains many trials on the same data at once, and each should
/// neither reread the file nor hold its own copy. Concurrent callers asking for the same data set wait for one load.
/// </summary>
/// <remarks>
/// Entries are keyed by <c>identity</c> (what is loaded: source, full path, parsing options or generator parameters) and
/// carry a <c>version</c> (for files: length and last-write time). A changed file gets a new load that replaces the old
/// entry, so a long-lived silo keeps one table per data set, never a trail of stale ones. A load that throws is not
/// remembered: the next caller tries again (the user may have fixed the file).
/// </remarks>
public static class DatasetCache
{
    private static readonly ConcurrentDictionary<string, Entry> s_entries = new(StringComparer.Ordinal);

    /// <summary>How many data sets are held.</summary>
    public static int Count => s_entries.Count;

    /// <summary>The cached data set for <paramref name="identity"/> at <paramref name="version"/>, loading it once if needed.</summary>
    public static Dataset GetOrLoad(string identity, string version, Func<Dataset> load)
    {
        while (true)
        {
            bool found = s_entries.TryGetValue(identity, out var current);
            if (found && current!.Version == version) return ValueOf(identity, current);
            var fresh = new Entry(version, new Lazy<Dataset>(load, LazyThreadSafetyMode.ExecutionAndPublication));
            bool stored = found ? s_entries.TryUpdate(identity, fresh, current!) : s_entries.TryAdd(identity, fresh);
            if (stored) return ValueOf(identity, fresh);
            // Another caller stored an entry first: loop and use theirs if it is the same version.
        }
    }

    /// <summary>Forgets one data set (its memory is freed once no run uses it); true if it was held.</summary>
    public static bool Remove(string identity) => s_entries.TryRemove(identity, out _);

    private static Dataset ValueOf(string identity, Entry entry)
    {
        try
        {
            return entry.Table.Value;
        }
        catch
        {
            s_entries.TryRemove(new KeyValuePair<string, Entry>(identity, entry));
            throw;
        }
    }

    // A class, not a record: TryUpdate and TryRemove must match this very entry, not an equal-looking one.
    private sealed class Entry(string version, Lazy<Dataset> table)
    {
        public string Version { get; } = version;
        public Lazy<Dataset> Table { get; } = table;
    }
}
