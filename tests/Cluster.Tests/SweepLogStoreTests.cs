using Orleans.Storage;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The paged log on a real storage provider, the in-memory one and Redis, as a coordinator uses it: pages sealed
/// before the head that counts them, the log read back whole, and a page left behind by a head write that never came
/// written over by the next activation, but never by an activation whose head is no longer the stored one.
/// </summary>
public abstract class SweepLogStoreTests(IGrainStorage storage)
{
    private const int Page = SweepLogStore.PageSize;

    [Fact]
    public async Task TheTailIsSealedIntoPagesBeforeTheHeadIsWrittenAndTheLogReadsBackInOrder()
    {
        var (store, id, head) = await NewSweepAsync();
        var written = new List<string>();
        // Decisions of every size: under a page, one that fills one, and one that fills two at once.
        foreach (var entries in new[] { 100, 200, 3, 2 * Page + 40 })
        {
            Append(head.State!, written, entries);
            await store.SealAsync(head.State!, head.ETag);
            await storage.WriteStateAsync(SweepLogStore.HeadStateName, id, head);
            Assert.InRange(head.State!.Tail.Count, 0, Page - 1);
        }

        var stored = await ReadHeadAsync(id);
        var replay = await store.ReadAsync(stored.State!);

        Assert.Equal(written.Count / Page, stored.State!.SealedPages);
        Assert.Equal(written.Count % Page, stored.State.Tail.Count);
        Assert.Equal(written.Count, replay.Entries);
        Assert.Equal(written, replay.Issued.Select(r => r.Key));
    }

    [Fact]
    public async Task APageStoredBeforeAHeadWriteThatNeverCameIsWrittenOverByTheNextActivation()
    {
        var (store, id, head) = await NewSweepAsync();
        // The first activation seals a page, then dies before it writes the head that counts it.
        var first = new SweepCoordinatorState { SpecJson = head.State!.SpecJson, Phase = head.State.Phase };
        Append(first, [], Page, from: 5000);
        await store.SealAsync(first, head.ETag);
        Assert.Equal(1, first.SealedPages);

        // The next one reads the stored head, which counts no page, and fills page 0 again with its own entries.
        var next = await ReadHeadAsync(id);
        Assert.Equal(0, next.State!.SealedPages);
        var written = new List<string>();
        Append(next.State, written, Page + 10);
        await store.SealAsync(next.State, next.ETag);
        await storage.WriteStateAsync(SweepLogStore.HeadStateName, id, next);

        var replay = await store.ReadAsync((await ReadHeadAsync(id)).State!);
        Assert.Equal(written, replay.Issued.Select(r => r.Key));
    }

    [Fact]
    public async Task APageIsNeverWrittenOverForAnActivationWhoseHeadIsNoLongerTheStoredOne()
    {
        var (store, id, head) = await NewSweepAsync();
        var stale = new SweepCoordinatorState { SpecJson = head.State!.SpecJson, Phase = head.State.Phase };
        var current = await ReadHeadAsync(id);
        var written = new List<string>();
        Append(current.State!, written, Page + 1);
        await store.SealAsync(current.State!, current.ETag);
        await storage.WriteStateAsync(SweepLogStore.HeadStateName, id, current);

        Append(stale, [], Page, from: 5000);
        await Assert.ThrowsAsync<InconsistentStateException>(() => store.SealAsync(stale, head.ETag));

        Assert.Equal(0, stale.SealedPages);
        var replay = await store.ReadAsync((await ReadHeadAsync(id)).State!);
        Assert.Equal(written, replay.Issued.Select(r => r.Key));
    }

    private async Task<(SweepLogStore Store, GrainId Id, GrainState<SweepCoordinatorState> Head)> NewSweepAsync()
    {
        var id = GrainId.Create("sweepcoordinator", Specs.NewId("s-log"));
        var head = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState { SpecJson = "{}", Phase = Grains.Sweeps.SweepPhase.Running });
        await storage.WriteStateAsync(SweepLogStore.HeadStateName, id, head);
        return (new SweepLogStore(storage, id), id, head);
    }

    private async Task<GrainState<SweepCoordinatorState>> ReadHeadAsync(GrainId id)
    {
        var head = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState());
        await storage.ReadStateAsync(SweepLogStore.HeadStateName, id, head);
        return head;
    }

    /// <summary>Appends <paramref name="count"/> requests with keys numbered on from <paramref name="from"/> (or the keys so far).</summary>
    private static void Append(SweepCoordinatorState state, List<string> keys, int count, int? from = null)
    {
        var start = from ?? keys.Count;
        for (var i = start; i < start + count; i++)
        {
            var request = new TrialRequest(TrialRequest.KeyOf(0, 0, i), 0, 0, 0.01, TrialPurpose.Train);
            state.Tail.Add(RequestIssued.Of(request));
            keys.Add(request.Key);
        }
    }
}

public sealed class SweepLogStoreInMemoryTests(InMemorySilo silo) : SweepLogStoreTests(silo.Storage), IClassFixture<InMemorySilo>;

public sealed class SweepLogStoreRedisTests(RedisSilo silo) : SweepLogStoreTests(silo.Storage), IClassFixture<RedisSilo>;
