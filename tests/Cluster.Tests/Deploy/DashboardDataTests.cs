using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>
/// Issue 5's end-to-end proof without Docker: the processes of docker-compose run directly (redis-server, two real
/// silo processes, Debian's Prometheus scraping their /metrics every second), a real sweep runs through a client, and
/// every expression of every dashboard panel returns data from Prometheus' HTTP API at some point of the sweep.
/// </summary>
public sealed class DashboardDataTests(RedisServer redis, ITestOutputHelper output)
{
    // Logistic runs of about 5 s each on a quiet core (0.7 s per 400 epochs), longer when the machine is busy, on two
    // one-slot silos: a live series lasts many scrapes (a series gone from a scrape is stale at once), and the first
    // runs finish while others still train, so rates, quantiles and per-trial gauges all have samples. The test ends
    // as soon as every expression has shown data, and cancels the rest of the sweep.
    private static readonly string Spec = Specs.Logistic(3000).Replace("}}",
        """},"search":{"kind":"grid","learningRates":[0.003,0.01,0.03,0.1,0.3,1],"metric":"trainLoss"}}""", StringComparison.Ordinal);

    [Fact]
    public async Task EveryPanelOfEveryDashboardShowsDataDuringARealSweep()
    {
        var clusterId = Specs.NewId("g");
        await using var first = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await using var second = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await Task.WhenAll(first.WaitHealthyAsync(TimeSpan.FromSeconds(60)), second.WaitHealthyAsync(TimeSpan.FromSeconds(60)));
        await using var prometheus = await PrometheusServer.StartForTargetsAsync([$"127.0.0.1:{first.MetricsPort}", $"127.0.0.1:{second.MetricsPort}"]);
        await using var connection = await SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(redis.ConnectionString, clusterId, clusterId), cancel: TestContext.Current.CancellationToken);

        var expressions = Dashboards.Load()
            .SelectMany(d => Dashboards.Expressions(d.Root).Select(e => (Where: $"{Path.GetFileName(d.File)} / {e.Where}", e.PromQL)))
            .DistinctBy(e => e.PromQL).ToArray();
        var pending = expressions.ToDictionary(e => e.PromQL, e => e.Where);

        var sweep = connection.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s"));
        await sweep.Submit(Spec);
        DateTime? ended = null;
        // Until every expression has shown data, or a while after the sweep ended (rates need a second scrape).
        while (pending.Count > 0 && !(DateTime.UtcNow > ended?.AddSeconds(20)))
        {
            foreach (var promql in pending.Keys.ToArray())
                if (HasData(await prometheus.QueryAsync(promql))) pending.Remove(promql);
            if (ended is null && (await sweep.GetStatus()).Status.IsTerminal()) ended = DateTime.UtcNow;
            await Task.Delay(1000, TestContext.Current.CancellationToken);
        }
        var targets = await prometheus.ActiveTargetsAsync();
        output.WriteLine($"{expressions.Length} expressions; targets: {string.Join(", ", targets.Select(t => $"{t.GetProperty("scrapeUrl")} {t.GetProperty("health")}"))}");
        Assert.NotEqual(SweepPhase.Failed, (await sweep.GetStatus()).Status);
        await sweep.Cancel();
        Assert.True(pending.Count == 0, "no data for:\n" + string.Join("\n", pending.Select(p => $"{p.Value}: {p.Key}")));
    }

    /// <summary>A successful answer with at least one series or sample whose value is a number (not NaN).</summary>
    private static bool HasData(JsonElement answer)
    {
        if (answer.GetProperty("status").GetString() != "success") return false;
        var data = answer.GetProperty("data");
        var result = data.GetProperty("result");
        return data.GetProperty("resultType").GetString() switch
        {
            "vector" => result.EnumerateArray().Any(s => IsNumber(s.GetProperty("value")[1])),
            "scalar" => IsNumber(result[1]),
            _ => result.GetArrayLength() > 0,
        };
    }

    private static bool IsNumber(JsonElement value) =>
        double.TryParse(value.GetString(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && !double.IsNaN(v);
}
