using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Three in-process silos (TestingHost membership) whose grain state and reminders live in the real Redis, as in
/// production: in-memory storage would lose the state of a trial whose storage partition was on a killed silo.
/// One slot per silo (three training threads on two cores); the watchdog ticks every 2 s.
/// </summary>
public sealed class ThreeSiloCluster(RedisServer redis) : IAsyncLifetime
{
    public const int SlotsPerSilo = 1;

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IClusterClient Client => Cluster.Client;

    public TrialRecorder Recorder { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(3);
        builder.Options.ServiceId = $"test-{Guid.NewGuid():N}";
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSweepGrains(new SweepSiloOptions
            {
                Redis = redis.ConnectionString,
                ConfigureClustering = false,
                Slots = SlotsPerSilo,
                WatchdogPeriod = TimeSpan.FromSeconds(2),
                ProgressInterval = TimeSpan.FromMilliseconds(100),
            });
            silo.Services.AddSingleton<ITrialListener>(Recorder);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        // Placement spreads by the load board once every silo has reported to it (about a second after start).
        await Eventually.HoldsAsync(async () => (await Client.GetGrain<IClusterLoadGrain>(0).GetSilos()).Count == 3,
            TimeSpan.FromSeconds(20), "all three silos on the load board");
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    public ITrialGrain Trial(string id) => Client.GetGrain<ITrialGrain>(id);
}
