using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>A real silo process's <c>/metrics</c> during and after a real sweep: the sweep_* series of docs/metrics.md.</summary>
public sealed class MetricsEndpointTests(RedisServer redis, ITestOutputHelper output)
{
    // Three logistic runs of about a second each on a quiet core (0.7 s per 400 epochs) on a one-slot silo: one trains
    // at a time, long enough for the 100 ms polls below to see it.
    private static readonly string Spec = Specs.Logistic(600).Replace("}}",
        """},"search":{"kind":"grid","learningRates":[0.01,0.1,1],"metric":"trainLoss"}}""", StringComparison.Ordinal);

    [Fact]
    public async Task TheSweepSeriesFollowARealSweepAndTheLiveOnesEndWithIt()
    {
        var clusterId = Specs.NewId("m");
        await using var silo = SiloProcess.Start(redis.ConnectionString, clusterId, slots: 1);
        await silo.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        var idle = await PrometheusText.ScrapeAsync(silo.MetricsPort);
        Assert.Equal(1, Value(idle, "sweep_trial_slots"));
        Assert.Equal(0, Value(idle, "sweep_trials_running"));
        Assert.Contains(idle, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
        Assert.Contains(idle, s => s.Name == "target_info" && s["service_name"] == "sweep-silo");

        await using var connection = await SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(redis.ConnectionString, clusterId, clusterId), cancel: TestContext.Current.CancellationToken);
        var id = Specs.NewId("s");
        var sweep = connection.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Spec);

        var sawRunning = false;
        var sawLive = false;
        var sawActive = false;
        while (!(await sweep.GetStatus()).Status.IsTerminal())
        {
            var now = await PrometheusText.ScrapeAsync(silo.MetricsPort);
            sawRunning |= Value(now, "sweep_trials_running") == 1;
            sawLive |= now.Any(s => s.Name == "sweep_trial_loss" && s["sweep"] == id && s["trial"]!.StartsWith(id + "/0/0/", StringComparison.Ordinal) && s["arm"] == "0")
                && now.Any(s => s.Name == "sweep_trial_learning_rate" && s["sweep"] == id);
            sawActive |= Value(now, "sweep_sweeps_active") == 1;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
        Assert.True(sawRunning, "sweep_trials_running was never 1 while the sweep trained");
        Assert.True(sawLive, "no sweep_trial_loss and sweep_trial_learning_rate series for a running trial of the sweep");
        Assert.True(sawActive, "sweep_sweeps_active was never 1");

        using var result = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);
        var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        var steps = trials.Sum(t => t.GetProperty("steps").GetInt64());
        // The exporter answers a scrape from its cache for a moment: the last scrape of the loop may still be served.
        IReadOnlyList<PrometheusSample> after = [];
        await Eventually.HoldsAsync(async () =>
            {
                after = await PrometheusText.ScrapeAsync(silo.MetricsPort);
                return Value(after, "sweep_trials_finished_total") == trials.Length && Value(after, "sweep_sweeps_active") == 0;
            },
            TimeSpan.FromSeconds(10), "a scrape that counts every trial of the ended sweep", every: TimeSpan.FromMilliseconds(200));
        foreach (var s in after.Where(s => s.Name.StartsWith("sweep_", StringComparison.Ordinal)))
            output.WriteLine($"{s.Name}{{{string.Join(",", s.Labels.Select(l => $"{l.Key}={l.Value}"))}}} {s.Value}");
        foreach (var status in trials.GroupBy(t => t.GetProperty("status").GetString()!))
        {
            Assert.Equal(status.Count(), Value(after, "sweep_trials_finished_total", ("status", status.Key)));
            Assert.Equal(status.Count(), Value(after, "sweep_trial_duration_seconds_count", ("status", status.Key)));
        }
        Assert.Equal(steps, Value(after, "sweep_training_steps_total"));
        var samples = Value(after, "sweep_training_samples_total");
        Assert.InRange(samples, steps, steps * 64);
        // Seconds, not the default millisecond buckets.
        Assert.Contains(after, s => s.Name == "sweep_trial_duration_seconds_bucket" && s["le"] == "0.1");
        Assert.True(Value(after, "sweep_coordinator_decision_seconds_count") >= 1);
        Assert.Equal(0, Value(after, "sweep_trials_running"));
        Assert.DoesNotContain(after, s => s.Name is "sweep_trial_loss" or "sweep_trial_learning_rate");
        Assert.Equal(0, Value(after, "sweep_sweeps_active"));
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s[l.Label] == l.Value)).Sum(s => s.Value);
}
