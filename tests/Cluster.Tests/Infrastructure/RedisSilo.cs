using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using Orleans.Storage;
using Orleans.TestingHost;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// One in-process silo whose grain state and reminders are in the real Redis, a slot per core: what
/// <see cref="InMemorySilo"/> is, with the production store. Its storage provider is reachable, so a test can read and
/// write records without asking a grain.
/// </summary>
public sealed class RedisSilo(RedisServer redis) : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public TrialRecorder Recorder { get; } = new();

    /// <summary>The cluster's service id: the first part of every Redis key its storage writes.</summary>
    public string ServiceId { get; } = $"test-{Guid.NewGuid():N}";

    public RedisServer Redis => redis;

    /// <summary>The Sweep grains' storage provider on the silo.</summary>
    public IGrainStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name);

    /// <summary>How the Sweep grains' storage provider turns state into the bytes Redis stores.</summary>
    public IGrainStorageSerializer Serializer =>
        Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(SweepStorage.Name).GrainStorageSerializer;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSweepGrains(new SweepSiloOptions { Redis = redis.ConnectionString, ConfigureClustering = false, WatchdogPeriod = TimeSpan.FromSeconds(2) });
            silo.Services.AddSingleton<ITrialListener>(Recorder);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Eventually.HoldsAsync(async () => (await Client.GetGrain<IClusterLoadGrain>(0).GetSilos()).Count == 1,
            TimeSpan.FromSeconds(20), "the silo on the load board");
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
