using System.Collections.Concurrent;

namespace SweepCluster.Grains.Slots;

/// <summary>
/// The silo's training threads, one per slot, started once and kept for the silo's life: a run is handed to a waiting
/// thread instead of a thread being created for it, which on a busy machine can take longer than a small trial's
/// training. They run below the silo's own threads
/// (<see cref="TrainingThreadPriority"/>) for their whole life, and never run grain code or pool work.
/// </summary>
internal sealed class TrainingThreads : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();

    public TrainingThreads(int count)
    {
        for (var i = 0; i < count; i++)
            new Thread(Serve) { IsBackground = true, Name = $"sweep-training-{i}" }.Start();
    }

    /// <summary>Runs <paramref name="work"/> on a training thread; the task completes (off that thread) with its result.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Item()
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        }
        try
        {
            _work.Add(Item);
        }
        catch (InvalidOperationException)
        {
            // Disposed: the silo is stopping. A run launched this late still gets a thread rather than a failure.
            new Thread(Item) { IsBackground = true }.Start();
        }
        return done.Task;
    }

    /// <summary>The threads finish what they were handed and end.</summary>
    public void Dispose() => _work.CompleteAdding();

    private void Serve()
    {
        using var lowered = TrainingThreadPriority.Lower();
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }
}
