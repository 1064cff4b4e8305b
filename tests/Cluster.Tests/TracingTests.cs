using System.Collections.Concurrent;
using System.Diagnostics;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Cluster.Tests;

/// <summary>A span per sweep and per trial, the grain calls under them; exported by OTLP only when configured.</summary>
public sealed class TracingTests(ThreeSiloCluster fixture, RedisServer redis, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    private const string Grid =
        """{"name":"traced","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"grid","learningRates":[0.01,0.02],"metric":"trainLoss"}}""";

    [Fact]
    public async Task TheTrialSpansAndTheGrainCallsSitInTheSweepsTrace()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name is SweepTelemetry.SourceName or "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var id = Specs.NewId("s");
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Grid);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(60), "the sweep ended");
        await Eventually.HoldsAsync(() => stopped.Any(a => a.OperationName == "sweep" && Equals(a.GetTagItem("sweep.id"), id)), TimeSpan.FromSeconds(10), "the sweep span ended");

        var sweepSpan = stopped.Single(a => a.OperationName == "sweep" && Equals(a.GetTagItem("sweep.id"), id));
        var trialSpans = stopped.Where(a => a.OperationName == "trial" && Equals(a.GetTagItem("sweep.id"), id)).ToArray();
        foreach (var t in trialSpans) output.WriteLine($"{t.GetTagItem("trial.id")}: {t.GetTagItem("trial.status")}, trace {t.TraceId}, parent {t.ParentSpanId}");
        Assert.Equal(2, trialSpans.Length);
        Assert.All(trialSpans, t => Assert.Equal(sweepSpan.TraceId, t.TraceId));
        Assert.All(trialSpans, t => Assert.Equal("completed", t.GetTagItem("trial.status")));
        // The trial grains' Start calls are spans of the same trace, between the sweep and its trials.
        var calls = stopped.Where(a => a.Source.Name == "Microsoft.Orleans.Application" && a.TraceId == sweepSpan.TraceId).ToArray();
        output.WriteLine($"{calls.Length} grain-call spans in the trace: {string.Join(", ", calls.Select(c => c.OperationName).Distinct())}");
        Assert.Contains(calls, c => c.OperationName.Contains("Start", StringComparison.Ordinal));
        Assert.All(trialSpans, t => Assert.Contains(calls, c => c.SpanId == t.ParentSpanId));
    }

    [Fact]
    public async Task ASiloExportsItsSpansByOtlpWhenTheEndpointIsSet()
    {
        using var collector = new OtlpReceiver();
        var clusterId = Specs.NewId("o");
        await using var silo = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1, new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        });
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        await using var connection = await SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(redis.ConnectionString, clusterId, clusterId), cancel: TestContext.Current.CancellationToken);
        var id = Specs.NewId("s");
        var sweep = connection.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Grid);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(60), "the sweep ended");

        await Eventually.HoldsAsync(() => collector.Bodies("/v1/traces").Any(b => b.Contains(id + "/0/0/1", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the trial spans reached the collector");
        await Eventually.HoldsAsync(() => collector.Bodies("/v1/traces").Any(b => b.Contains("sweep-silo", StringComparison.Ordinal) && b.Contains("sweep.id", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(20), "the sweep span reached the collector with the service name");
    }
}
