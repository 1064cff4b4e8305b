using Orleans.Storage;
using StackExchange.Redis;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A running sweep's head exactly as an earlier version left it in Redis, its unpaged log as Newtonsoft JSON (the
/// providers' default before the binary format): the coordinator restores it, goes on to the end, and stores its log
/// in the paged, binary form.
/// </summary>
public sealed class LegacyStateInRedisTests(RedisSilo silo) : IClassFixture<RedisSilo>
{
    [Fact]
    public async Task AnOldRunningSweepStoredAsJsonInRedisGoesOnToTheEndAndIsStoredInThePagedForm()
    {
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-legacy"));
        await using var redis = await ConnectionMultiplexer.ConnectAsync(silo.Redis.ConnectionString);
        // The provider's key, "{serviceId}/state/{grain type}/{key}/{state name}", and its two fields.
        var key = $"{silo.ServiceId}/state/sweepcoordinator/{sweep.GetPrimaryKeyString()}/{SweepLogStore.HeadStateName}";
        await redis.GetDatabase().HashSetAsync(key, [new("etag", "written-by-an-earlier-version"), new("data", LegacyStates.ContinuingJson)]);
        var stored = new GrainState<SweepCoordinatorState>(new SweepCoordinatorState());
        await silo.Storage.ReadStateAsync(SweepLogStore.HeadStateName, sweep.GetGrainId(), stored);
        Assert.Equal(3, stored.State!.Issued.Count);

        await LegacySweeps.AssertItGoesOnAsync(sweep, silo.Recorder, silo.Storage, silo.Serializer);

        var data = (byte[])(await redis.GetDatabase().HashGetAsync(key, "data"))!;
        Assert.NotEqual((byte)'{', data[0]);
    }
}
