using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Load;
using SweepCluster.Grains.Slots;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// What <c>sweep run --local</c> starts (<see cref="ClusterTarget.Local"/>: one silo in this process, in-memory storage,
/// free loopback ports, <see cref="SweepSiloBuilderExtensions.AddSweepGrains"/>), built here rather than through
/// <see cref="SweepClusterConnection"/> only so that the benchmark can read the silo's services.
/// </summary>
internal sealed class EmbeddedSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private EmbeddedSilo(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<IClusterClient>();
        Slots = host.Services.GetRequiredService<TrainingSlots>();
    }

    /// <summary>The silo's services (its storage providers, for one).</summary>
    public IServiceProvider Services => _host.Services;

    public IClusterClient Client { get; }

    public TrainingSlots Slots { get; }

    /// <param name="configure">Changes to the silo's options beyond its slots (a mode comparing settings).</param>
    public static async Task<EmbeddedSilo> StartAsync(int slots, Action<SweepSiloOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var options = SweepClusterConnection.LocalOptions();
        options.Slots = slots;
        configure?.Invoke(options);
        builder.UseOrleans(silo => silo.AddSweepGrains(options));
        var host = builder.Build();
        await host.StartAsync();
        var silo = new EmbeddedSilo(host);
        // Placement reads the load board; until the silo has reported there it falls back to another strategy.
        while ((await silo.Client.GetGrain<IClusterLoadGrain>(0).GetSilos()).Count == 0) await Task.Delay(50);
        return silo;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
