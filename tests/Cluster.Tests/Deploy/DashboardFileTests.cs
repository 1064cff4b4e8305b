using System.Text.Json;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>The Grafana dashboards are valid, name the provisioned datasource everywhere and query something.</summary>
public sealed class DashboardFileTests
{
    private static readonly IReadOnlyList<(string File, JsonElement Root)> All = Dashboards.Load();

    [Fact]
    public void TheSweepsAndClusterDashboardsAreValidJsonWithUniqueUids()
    {
        var uids = All.Select(d => d.Root.GetProperty("uid").GetString()).ToArray();
        Assert.Equal(["cluster", "sweeps"], uids.Order(StringComparer.Ordinal));
        Assert.Equal(uids.Length, uids.Distinct().Count());
        Assert.Equal("Sweeps", All.Single(d => d.File == "sweeps.json").Root.GetProperty("title").GetString());
        Assert.Equal("Cluster", All.Single(d => d.File == "cluster.json").Root.GetProperty("title").GetString());
    }

    [Fact]
    public void EveryPanelTargetAndVariableUsesTheProvisionedPrometheus()
    {
        var datasource = Yaml.Load("deploy/grafana/provisioning/datasources/prometheus.yml").List("datasources").Single();
        var uid = datasource.Text("uid");
        Assert.Equal("prometheus", datasource.Text("type"));
        foreach (var (file, root) in All)
        {
            foreach (var panel in Dashboards.Panels(root))
            {
                var where = $"{file}: panel \"{panel.GetProperty("title").GetString()}\"";
                Assert.True(panel.TryGetProperty("datasource", out var own), where + " names no datasource");
                Assert.True(uid == own.GetProperty("uid").GetString(), $"{where}: datasource uid {own.GetProperty("uid")}, not {uid}");
                foreach (var target in Dashboards.Targets(panel))
                    Assert.True(uid == target.GetProperty("datasource").GetProperty("uid").GetString(), $"{where}: a target's datasource is not {uid}");
            }
            foreach (var variable in Dashboards.Variables(root))
                Assert.Equal(uid, variable.GetProperty("datasource").GetProperty("uid").GetString());
        }
    }

    [Fact]
    public void EveryPanelHasTargetsWithAnExpressionAndPanelIdsAreUnique()
    {
        foreach (var (file, root) in All)
        {
            var panels = Dashboards.Panels(root).ToArray();
            Assert.NotEmpty(panels);
            foreach (var panel in panels)
            {
                var where = $"{file}: panel \"{panel.GetProperty("title").GetString()}\"";
                var targets = Dashboards.Targets(panel).ToArray();
                Assert.True(targets.Length > 0, where + " has no target");
                Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), where + " has a target with no expr"));
                Assert.Equal(targets.Length, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            }
            var ids = panels.Concat(Dashboards.Rows(root)).Select(p => p.GetProperty("id").GetInt32()).ToArray();
            Assert.True(ids.Length == ids.Distinct().Count(), file + ": panel ids repeat");
        }
    }

    [Fact]
    public void DurationsAreShownInSeconds()
    {
        var durations = All.SelectMany(d => Dashboards.Panels(d.Root))
            .Where(p => Dashboards.Targets(p).Any(t => t.GetProperty("expr").GetString()!.Contains("_seconds_bucket", StringComparison.Ordinal)))
            .ToArray();
        Assert.NotEmpty(durations);
        Assert.All(durations, p => Assert.Equal("s", p.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()));
    }
}
