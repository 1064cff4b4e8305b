using Orleans.Storage;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// Writes a coordinator's log (<see cref="SweepLogStore"/>): entries appended to the head's tail, stored pages first and
/// then the head. Writes go one after another; a decision does not wait for its own (<see cref="StoreLater"/>), the
/// calls whose answer depends on what is stored do (<see cref="SaveAsync"/>). What may wait is the driver's to say
/// (its durable effects); why that is safe is docs/architecture.md's.
/// </summary>
internal sealed class SweepLogWriter(IPersistentState<SweepCoordinatorState> state, SweepLogStore store, Action<Exception> onConflict, Action<Exception> onFailure)
{
    // Changes made to the head by this activation (entries appended, fields set), and how many of them are stored.
    private long _changes;
    private long _stored;
    // The latest write; each write starts once the one before it has ended, and takes every change made until then.
    private Task _writing = Task.CompletedTask;
    // That write while it waits for the one before it; null once it has started.
    private Task? _queued;
    // The latest write whose failure StoreLater reports.
    private Task? _observed;

    public SweepLogStore Store => store;

    public bool Unsaved => _stored < _changes;

    public void Append(SweepLogEntry entry)
    {
        state.State.Tail.Add(entry);
        _changes++;
    }

    /// <summary>A field of the head was set: the next write stores it.</summary>
    public void Changed() => _changes++;

    /// <summary>Stores the log with the head's fields as they are now, after any write in progress.</summary>
    public Task SaveAsync()
    {
        _changes++;
        return WriteAsync();
    }

    /// <summary>Stores what changed, without waiting for it: a failed write is reported and the next poll writes again.</summary>
    public void StoreLater()
    {
        if (!Unsaved) return;
        var write = WriteAsync();
        // Decisions that joined a waiting write are told of its failure once.
        if (write == _observed) return;
        _observed = write;
        _ = ObserveAsync(write);

        async Task ObserveAsync(Task pending)
        {
            try
            {
                await pending;
            }
            catch (InconsistentStateException e)
            {
                // Another activation wrote the head since this one read it: what it stored is the sweep now.
                onConflict(e);
            }
            catch (Exception e)
            {
                onFailure(e);
            }
        }
    }

    /// <summary>Stores what is unsaved before the activation goes; a failure is reported (the next activation collects the ends again).</summary>
    public async Task FlushAsync()
    {
        if (!Unsaved) return;
        try
        {
            await WriteAsync();
        }
        catch (Exception e)
        {
            onFailure(e);
        }
    }

    private Task WriteAsync()
    {
        // A write not started yet takes every change made until it starts: a caller joins it rather than queue another
        // (while the store is away, a queue would grow by a write a decision).
        if (_queued is { } queued) return queued;
        var previous = _writing;
        _writing = WriteAfterAsync(previous);
        if (!previous.IsCompleted) _queued = _writing;
        return _writing;
    }

    private async Task WriteAfterAsync(Task previous)
    {
        // The write before has its own caller to tell of its failure; this one tries again whatever its outcome.
        await Task.WhenAny(previous);
        _queued = null;
        if (!Unsaved) return;
        await store.SealAsync(state.State, state.Etag);
        // Storage serializes the head before its first await, so the write holds every change made until here.
        var upTo = _changes;
        state.State.StoredUtc = DateTime.UtcNow;
        await state.WriteStateAsync();
        _stored = upTo;
    }
}
