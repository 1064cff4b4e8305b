using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>
/// Every expression of the dashboards parses as PromQL: evaluated by a real Prometheus (started on the local config;
/// nothing need be scraped, a query on a metric with no series still answers "success"), not by a look-alike parser.
/// </summary>
public sealed class DashboardPromQLTests
{
    [Fact]
    public async Task PrometheusAcceptsEveryDashboardExpressionAndRejectsABrokenOne()
    {
        await using var prometheus = await PrometheusServer.StartAsync(RepositoryFiles.PathOf("deploy/prometheus/prometheus.local.yml"));

        var expressions = Dashboards.Load().SelectMany(d => Dashboards.Expressions(d.Root).Select(e => (d.File, e.Where, e.PromQL))).ToArray();
        Assert.True(expressions.Length >= 30, $"only {expressions.Length} expressions found");
        var rejected = new List<string>();
        foreach (var (file, where, promql) in expressions)
        {
            var answer = await prometheus.QueryAsync(promql);
            if (answer.GetProperty("status").GetString() != "success")
                rejected.Add($"{file} {where}: {promql}\n    {answer.GetProperty("error").GetString()}");
        }
        Assert.True(rejected.Count == 0, "Prometheus rejected:\n" + string.Join("\n", rejected));

        // The check can fail: a parse error is answered as such.
        var broken = await prometheus.QueryAsync("sum by (instance) (rate(sweep_training_steps_total[1m])");
        Assert.Equal("error", broken.GetProperty("status").GetString());
        Assert.Equal("bad_data", broken.GetProperty("errorType").GetString());
    }
}
