using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using Orleans.TestingHost;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// One in-process silo with in-memory storage and reminders and a slot per core, as <c>sweep run --local</c> runs:
/// for tests of the coordinator's own work, where Redis would only add its latency. Its storage provider is reachable,
/// so a test can read what a grain persisted without asking the grain.
/// </summary>
public sealed class InMemorySilo : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public TrialRecorder Recorder { get; } = new();

    /// <summary>The Sweep grains' storage provider on the silo.</summary>
    public IGrainStorage Storage => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name);

    /// <summary>How the Sweep grains' storage provider turns state into bytes (Redis stores exactly these).</summary>
    public IGrainStorageSerializer Serializer =>
        Cluster.Silos[0].ServiceProvider.GetRequiredService<IOptionsMonitor<MemoryGrainStorageOptions>>().Get(SweepStorage.Name).GrainStorageSerializer;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = $"test-{Guid.NewGuid():N}";
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSweepGrains(new SweepSiloOptions { ConfigureClustering = false });
            silo.Services.AddSingleton<ITrialListener>(Recorder);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        await Eventually.HoldsAsync(async () => (await Client.GetGrain<IClusterLoadGrain>(0).GetSilos()).Count == 1,
            TimeSpan.FromSeconds(20), "the silo on the load board");
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>What <paramref name="grain"/> has persisted under <paramref name="stateName"/>, read through the provider.</summary>
    public async Task<T> ReadStateAsync<T>(IAddressable grain, string stateName) where T : new()
    {
        var state = new GrainState<T>(new T());
        await Storage.ReadStateAsync(stateName, grain.GetGrainId(), state);
        return state.State ?? throw new InvalidOperationException($"{grain.GetGrainId()} has no {stateName} state.");
    }
}
