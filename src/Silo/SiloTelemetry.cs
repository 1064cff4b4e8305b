using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Silo;

/// <summary>
/// OpenTelemetry for a silo (docs/metrics.md): Orleans' meter, the .NET runtime's, and the sweep_* instruments, scraped by
/// Prometheus at <c>/metrics</c>; spans of sweeps, trials and the grain calls under them, exported by OTLP only when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
internal static class SiloTelemetry
{
    public const string ServiceName = "sweep-silo";

    public static void AddSiloTelemetry(this WebApplicationBuilder builder, SiloSettings settings)
    {
        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r
                .AddService(ServiceName, serviceInstanceId: $"{settings.Options.Advertise?.ToString() ?? Environment.MachineName}:{settings.Options.SiloPort}")
                .AddAttributes([
                    new("sweep.silo.port", settings.Options.SiloPort),
                    new("sweep.gateway.port", settings.Options.GatewayPort),
                    new("sweep.slots", settings.Options.Slots),
                ]))
            .WithMetrics(m => m
                .AddMeter("Microsoft.Orleans", SweepTelemetry.MeterName)
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            otel.WithTracing(t => t
                .AddSource(SweepTelemetry.SourceName, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                .AddOtlpExporter());
        }
    }
}
