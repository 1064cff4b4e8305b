using SweepCluster.Grains.Slots;

namespace SweepCluster.Cluster.Tests;

public sealed class TrainingThreadsTests
{
    [Fact]
    public async Task WorkRunsOnTheSlotsOwnTrainingThreadAndAFailureDoesNotEndIt()
    {
        using var slots = new TrainingSlots(1);

        var first = await slots.Threads.Run(() => (Thread.CurrentThread.Name, Thread.CurrentThread.ManagedThreadId));
        await Assert.ThrowsAsync<InvalidOperationException>(() => slots.Threads.Run<int>(() => throw new InvalidOperationException("boom")));
        var after = await slots.Threads.Run(() => Thread.CurrentThread.ManagedThreadId);

        Assert.Equal("sweep-training-0", first.Name);
        Assert.NotEqual(Environment.CurrentManagedThreadId, first.ManagedThreadId);
        Assert.Equal(first.ManagedThreadId, after);   // the one thread is kept, not replaced per run
    }

    [Fact]
    public async Task ARunHandedOverAfterTheSiloStoppedStillRuns()
    {
        var slots = new TrainingSlots(1);
        slots.Dispose();

        Assert.Equal(42, await slots.Threads.Run(() => 42));
    }
}
