using System.Diagnostics;
using SweepCluster.Grains.Slots;

namespace SweepCluster.Cluster.Tests;

public sealed class TrainingSlotsTests
{
    [Fact]
    public async Task BusyTimeAddsUpTheReleasedLeasesAndNothingElse()
    {
        using var slots = new TrainingSlots(2);
        var clock = Stopwatch.StartNew();
        var first = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        var second = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        var held = Stopwatch.StartNew();
        await Task.Delay(20, TestContext.Current.CancellationToken);
        var heldAtLeast = held.Elapsed;
        Assert.Equal(TimeSpan.Zero, slots.BusyTime);   // held, not yet given back

        first.Dispose();
        first.Dispose();   // counted once
        second.Dispose();
        var elapsed = clock.Elapsed;

        // Two leases, each held over the delay and within the whole time.
        Assert.InRange(slots.BusyTime, 2 * heldAtLeast, 2 * elapsed);
    }
}
