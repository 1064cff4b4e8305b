using SweepCluster.Grains.Registry;

namespace SweepCluster.Cluster.Tests;

/// <summary>The sweep registry's list, without a cluster.</summary>
public sealed class RecentSweepsTests
{
    private static readonly DateTime Noon = new(2025, 6, 1, 12, 0, 0, DateTimeKind.Utc);

    private static SweepListing Sweep(int n, int minutes) => new($"s-{n:x8}", $"sweep {n}", Noon.AddMinutes(minutes), null);

    [Fact]
    public void TheNewestComeFirstEvenWhenRegisteredOutOfOrder()
    {
        var recent = new RecentSweeps([], capacity: 10);
        recent.Add(Sweep(1, 0));
        recent.Add(Sweep(3, 2));
        recent.Add(Sweep(2, 1));   // a coordinator on another silo was a little slower to register
        Assert.Equal(["s-00000003", "s-00000002", "s-00000001"], recent.Newest(10).Select(s => s.SweepId));
        Assert.Equal(["s-00000003", "s-00000002"], recent.Newest(2).Select(s => s.SweepId));
    }

    [Fact]
    public void RegisteringASweepAgainChangesNothing()
    {
        var recent = new RecentSweeps([], capacity: 10);
        Assert.True(recent.Add(Sweep(1, 0)));
        Assert.False(recent.Add(Sweep(1, 5) with { Name = "renamed" }));
        Assert.Equal("sweep 1", Assert.Single(recent.Newest(10)).Name);
    }

    [Fact]
    public void BeyondCapacityTheOldestAreDroppedAndMayComeBack()
    {
        var stored = new List<SweepListing>();
        var recent = new RecentSweeps(stored, capacity: 3);
        for (var i = 0; i < 5; i++) recent.Add(Sweep(i, i));
        Assert.Equal(3, recent.Count);
        Assert.Equal(["s-00000004", "s-00000003", "s-00000002"], recent.Newest(10).Select(s => s.SweepId));
        Assert.Equal(3, stored.Count);   // the grain's state is the list itself
        Assert.True(recent.Add(Sweep(0, 10)));
        Assert.Equal("s-00000000", recent.Newest(1)[0].SweepId);
    }

    [Fact]
    public void AStoredListIsTakenAsItIs()
    {
        var recent = new RecentSweeps([Sweep(1, 0), Sweep(2, 1)], capacity: 10);
        Assert.False(recent.Add(Sweep(2, 1)));
        Assert.Equal(2, recent.Count);
    }
}
