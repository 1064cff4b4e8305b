using SweepCluster.Engine.Data;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Silo;

/// <summary>
/// The silo process: an Orleans silo set up by <see cref="SweepSiloBuilderExtensions.AddSweepGrains"/>, and a minimal
/// ASP.NET Core app on the metrics port serving <c>/healthz</c> and Prometheus' <c>/metrics</c> (<see cref="SiloTelemetry"/>).
/// </summary>
internal static class SiloHost
{
    public static async Task<int> RunAsync(SiloSettings settings)
    {
        // Data loads on this silo read only files under its data root, and keep a bounded cache of data sets.
        DataAccess.RestrictTo(settings.Options.DataRoot);
        if (settings.Options.DataCacheBytes is { } cacheBytes) DatasetCache.BudgetBytes = cacheBytes;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (settings.MetricsBind is { } bind) k.Listen(bind, settings.MetricsPort);
            else k.ListenAnyIP(settings.MetricsPort);
        });
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.UseOrleans(silo => silo.AddSweepGrains(settings.Options));
        builder.AddSiloTelemetry(settings);

        var app = builder.Build();
        app.MapGet("/healthz", HealthEndpoint.Handle);
        // A scrape is a GET: the exporter's endpoint answers any method unless told otherwise (POST got 200).
        app.MapPrometheusScrapingEndpoint().WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        app.Logger.LogInformation(
            "Silo starting: {Mode}, silo port {SiloPort}, gateway port {GatewayPort}, /metrics and /healthz on {MetricsPort}, {Slots} slots.",
            settings.Options.Redis is null ? "development (in memory)" : "Redis",
            settings.Options.SiloPort, settings.Options.GatewayPort, settings.MetricsPort, settings.Options.Slots);
        await app.RunAsync();
        return 0;
    }
}
