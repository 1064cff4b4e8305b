using System.Diagnostics;

namespace SweepCluster.Grains.Slots;

/// <summary>
/// How many training runs this silo trains at once (<c>--slots</c>). One per silo (a DI singleton): a run waits here,
/// asynchronously, so a queued trial keeps its grain responsive and no scheduler thread is held.
/// </summary>
public sealed class TrainingSlots : IDisposable
{
    private readonly SemaphoreSlim _free;
    private readonly Stack<int> _indexes;
    private int _running;
    private int _waiting;
    private long _busyTicks;

    public TrainingSlots(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _free = new SemaphoreSlim(capacity, capacity);
        _indexes = new Stack<int>(Enumerable.Range(0, capacity).Reverse());
        Threads = new TrainingThreads(capacity);
    }

    public int Capacity { get; }

    /// <summary>A thread per slot, where the holder of a slot trains.</summary>
    internal TrainingThreads Threads { get; }

    public int Running => Volatile.Read(ref _running);

    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Slots no run holds or waits for; negative when runs are queued.</summary>
    public int Free => Capacity - Running - Waiting;

    /// <summary>
    /// How long the released slots were held, summed: the silo's training time as the slots see it (data loading and
    /// judging included, queueing not), which is what utilisation is measured against.
    /// </summary>
    public TimeSpan BusyTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _busyTicks));

    /// <summary>Waits for a slot; dispose the lease to give it back.</summary>
    public async Task<SlotLease> AcquireAsync(CancellationToken cancel)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            // Not on the caller's (a grain's) scheduler: nothing after this wait belongs to a grain.
            await _free.WaitAsync(cancel).ConfigureAwait(false);
            Interlocked.Increment(ref _running);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
        int index;
        lock (_indexes) index = _indexes.Pop();
        return new SlotLease(this, index);
    }

    public void Dispose()
    {
        Threads.Dispose();
        _free.Dispose();
    }

    /// <summary>A held slot: <see cref="Index"/> (0 … capacity − 1) is which one, unique among the held slots.</summary>
    public sealed class SlotLease : IDisposable
    {
        private readonly TrainingSlots _slots;
        private readonly long _acquired = Stopwatch.GetTimestamp();
        private int _released;

        internal SlotLease(TrainingSlots slots, int index)
        {
            _slots = slots;
            Index = index;
        }

        public int Index { get; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            Interlocked.Add(ref _slots._busyTicks, Stopwatch.GetTimestamp() - _acquired);
            Interlocked.Decrement(ref _slots._running);
            lock (_slots._indexes) _slots._indexes.Push(Index);
            _slots._free.Release();
        }
    }
}
