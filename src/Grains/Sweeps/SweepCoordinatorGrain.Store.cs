using Orleans.Storage;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The coordinator's log in storage (<see cref="SweepLogStore"/>): entries appended to the head's tail, stored pages
/// first and then the head, and the search restored from both. Writes go one after another; a decision does not wait
/// for its own (<see cref="StoreLater"/>), the calls whose answer depends on what is stored do (<see cref="SaveAsync"/>).
/// </summary>
/// <remarks>
/// A decision's runs start while the write that logs them is on its way: waiting for it was most of a decision with
/// Redis (a round trip, and on a loaded machine a wait for the Redis process to get a core: median 0.7 ms with one silo,
/// 2.9 ms with four on two cores). That is safe because the search is deterministic: a run's request is a function of
/// the spec and the outcomes of the stages before it (<see cref="SweepSearch"/>), and a stored head is always a prefix
/// of the log in memory, with every request before its outcome. So should this activation die before the write lands,
/// the next one restores the stored prefix, collects the ends it lacks from their trials, and issues the lost requests
/// again under the same keys with the same rates; a trial already started answers that Start with its progress and
/// refuses one that differs (the sweep then fails rather than mixing two searches). The writes that must land before
/// an answer are still awaited: a range test's result (the grid around it follows from it), an ASHA rung value (its
/// answer depends on the values before it), a retry, the sweep's end.
/// </remarks>
public sealed partial class SweepCoordinatorGrain
{
    private SweepLogStore? _store;
    // Changes made to the head by this activation (entries appended, fields set), and how many of them are stored.
    private long _changes;
    private long _stored;
    // The latest write; each write starts once the one before it has ended, and takes every change made until then.
    private Task _writing = Task.CompletedTask;
    // That write while it waits for the one before it; null once it has started.
    private Task? _queued;
    // The latest write whose failure StoreLater logs.
    private Task? _observed;

    private SweepLogStore Store => _store ??= new SweepLogStore(storage, this.GetGrainId());

    private bool Unsaved => _stored < _changes;

    private void Append(SweepLogEntry entry)
    {
        state.State.Tail.Add(entry);
        _changes++;
    }

    /// <summary>Stores the log with the head's fields as they are now, after any write in progress.</summary>
    private Task SaveAsync()
    {
        _changes++;
        return WriteAsync();
    }

    /// <summary>Stores what changed, without waiting for it: a failed write is logged and the next poll writes again.</summary>
    private void StoreLater()
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
                LogStoreConflict(logger, e, Id);
                DeactivateOnIdle();
            }
            catch (Exception e)
            {
                LogStepFailed(logger, e, Id);
            }
        }
    }

    private Task WriteAsync()
    {
        // A write not started yet takes every change made until it starts: a caller joins it rather than queue another
        // (while Redis is away, a queue would grow by a write a decision).
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
        await Store.SealAsync(state.State, state.Etag);
        // Storage serializes the head before its first await, so the write holds every change made until here.
        var upTo = _changes;
        state.State.StoredUtc = DateTime.UtcNow;
        await state.WriteStateAsync();
        _stored = upTo;
    }

    /// <summary>The search as the stored pages and the head in memory tell it.</summary>
    private async Task<SweepSearch> RestoreAsync(SweepSpec spec)
    {
        var replay = await Store.ReadAsync(state.State);
        var inheritance = state.State.InheritanceJson is { } json ? SweepLog.Read<SweepInheritance>(json) : null;
        return replay.Restore(spec, inheritance);
    }
}
