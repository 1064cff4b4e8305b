namespace SweepCluster.Engine.Data;

/// <summary>
/// Loaded data sets by identity, within a byte budget: past it, the least recently asked-for data sets are let go.
/// A data set let go is still found while anything else holds it (a run training on it), through a weak reference,
/// so a process never holds two copies of one data set; once nothing holds it, the garbage collector frees it.
/// Concurrent callers asking for the same data set wait for one load; a load that throws is not remembered.
/// </summary>
internal sealed class DatasetTable(long budgetBytes)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _budget = budgetBytes;
    private long _held;
    private long _clock;

    /// <summary>The most bytes of data sets held for reuse; a data set larger than this is loaded but not kept.</summary>
    public long BudgetBytes
    {
        get { lock (_gate) return _budget; }
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            lock (_gate)
            {
                _budget = value;
                Trim();
            }
        }
    }

    /// <summary>Bytes of the data sets held for reuse (not counting ones let go that runs still use).</summary>
    public long HeldBytes
    {
        get { lock (_gate) return _held; }
    }

    /// <summary>Data sets known: held, loading, or let go but still in use.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                Prune();
                return _entries.Count;
            }
        }
    }

    /// <summary>The data set for <paramref name="identity"/> at <paramref name="version"/>, loading it once if needed.</summary>
    public Dataset GetOrLoad(string identity, string version, Func<Dataset> load)
    {
        Entry entry;
        Lazy<Dataset> loading;
        lock (_gate)
        {
            if (_entries.TryGetValue(identity, out var found) && found.Version == version)
            {
                if (found.Loading is { } pending)
                {
                    entry = found;
                    loading = pending;
                }
                else if (found.Value() is { } value)
                {
                    Use(found, value);
                    return value;
                }
                else
                {
                    (entry, loading) = Start(identity, version, load);
                }
            }
            else
            {
                (entry, loading) = Start(identity, version, load);
            }
        }

        Dataset loaded;
        try
        {
            loaded = loading.Value;
        }
        catch
        {
            lock (_gate)
            {
                if (_entries.TryGetValue(identity, out var current) && ReferenceEquals(current, entry)) _entries.Remove(identity);
            }
            throw;
        }
        lock (_gate)
        {
            if (ReferenceEquals(entry.Loading, loading))
            {
                entry.Loading = null;
                entry.Bytes = SizeOf(loaded);
                // Replaced or removed while it loaded: the caller gets it, the table does not keep it.
                if (_entries.TryGetValue(identity, out var current) && ReferenceEquals(current, entry)) Use(entry, loaded);
            }
        }
        return loaded;
    }

    /// <summary>Forgets one data set (its memory is freed once no run uses it); true if it was known.</summary>
    public bool Remove(string identity)
    {
        lock (_gate)
        {
            if (!_entries.Remove(identity, out var entry)) return false;
            if (entry.Strong is not null) _held -= entry.Bytes;
            return true;
        }
    }

    /// <summary>Bytes a data set takes in memory: its features and its labels or targets.</summary>
    public static long SizeOf(Dataset data) => (long)data.X.Length * sizeof(float) + (data.Labels?.LongLength ?? 0) * sizeof(int)
        + (data.Targets?.LongLength ?? 0) * sizeof(float);

    private (Entry, Lazy<Dataset>) Start(string identity, string version, Func<Dataset> load)
    {
        if (_entries.Remove(identity, out var old) && old.Strong is not null) _held -= old.Bytes;
        var loading = new Lazy<Dataset>(load, LazyThreadSafetyMode.ExecutionAndPublication);
        var entry = new Entry(version) { Loading = loading };
        _entries[identity] = entry;
        return (entry, loading);
    }

    // Called under the lock: the entry becomes the most recently used and is held again if it had been let go.
    private void Use(Entry entry, Dataset value)
    {
        entry.LastUse = ++_clock;
        if (entry.Strong is null)
        {
            entry.Strong = value;
            entry.Weak = null;
            _held += entry.Bytes;
        }
        Trim();
    }

    // Lets go of the least recently used data sets until the held ones fit the budget.
    private void Trim()
    {
        while (_held > _budget)
        {
            Entry? oldest = null;
            foreach (var e in _entries.Values)
                if (e.Strong is not null && (oldest is null || e.LastUse < oldest.LastUse)) oldest = e;
            if (oldest is null) break;
            oldest.Weak = new WeakReference<Dataset>(oldest.Strong!);
            oldest.Strong = null;
            _held -= oldest.Bytes;
        }
        Prune();
    }

    // Drops the entries whose let-go data set the garbage collector has freed.
    private void Prune()
    {
        List<string>? dead = null;
        foreach (var (identity, e) in _entries)
            if (e.Loading is null && e.Strong is null && (e.Weak is null || !e.Weak.TryGetTarget(out _))) (dead ??= []).Add(identity);
        dead?.ForEach(identity => _entries.Remove(identity));
    }

    // A class, not a record: entries are compared by reference, never by value.
    private sealed class Entry(string version)
    {
        public string Version { get; } = version;
        public Lazy<Dataset>? Loading { get; set; }
        public Dataset? Strong { get; set; }
        public WeakReference<Dataset>? Weak { get; set; }
        public long Bytes { get; set; }
        public long LastUse { get; set; }

        public Dataset? Value() => Strong ?? (Weak is not null && Weak.TryGetTarget(out var target) ? target : null);
    }
}
