using YamlDotNet.RepresentationModel;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>docker-compose.yml (parsed, not run: no Docker engine here): its services and what they mount.</summary>
public sealed class ComposeFileTests
{
    private static readonly YamlMappingNode Services = Yaml.Load("docker-compose.yml").Map("services");

    [Fact]
    public void ItHasRedisSiloPrometheusAndGrafanaAndAClientOnlyInTheToolsProfile()
    {
        foreach (var name in new[] { "redis", "silo", "prometheus", "grafana", "client" })
            Assert.True(Services.Has(name), $"no service \"{name}\"");
        Assert.Equal(["tools"], Services.Map("client").Texts("profiles"));
        Assert.All(new[] { "redis", "silo", "prometheus", "grafana" }, s => Assert.False(Services.Map(s).Has("profiles")));
    }

    [Fact]
    public void RedisIsHealthCheckedWithRedisCliPing()
    {
        var redis = Services.Map("redis");
        Assert.StartsWith("redis:7", redis.Text("image"), StringComparison.Ordinal);
        Assert.Equal(["CMD", "redis-cli", "ping"], redis.Map("healthcheck").Texts("test"));
    }

    [Fact]
    public void RedisKeepsAnAppendOnlyFileOnANamedVolumeSoThatSweepsSurviveItsRestart()
    {
        var redis = Services.Map("redis");
        Assert.Equal(["redis-server", "--appendonly", "yes"], redis.Texts("command"));
        var data = Assert.Single(redis.Texts("volumes"), v => v.EndsWith(":/data", StringComparison.Ordinal));
        var volume = data.Split(':')[0];
        Assert.Matches("^[a-z][a-z0-9_-]*$", volume);   // a name, not a host path
        Assert.True(Yaml.Load("docker-compose.yml").Map("volumes").Has(volume), $"the volume \"{volume}\" is not declared");
    }

    [Fact]
    public void EveryLongRunningServiceRestartsUnlessStoppedAndTheOneOffClientNever()
    {
        // A silo process that ended (a fatal error, its host killed) comes back; a Redis that restarted comes back too.
        Assert.All(new[] { "redis", "silo", "prometheus", "grafana" }, s => Assert.Equal("unless-stopped", Services.Map(s).Text("restart")));
        // `docker compose --profile tools up client` runs one command: restarting it would run it again and again.
        Assert.Equal("no", Services.Map("client").Text("restart"));
        Assert.All(Services.Children, s => Assert.Contains(s.Value.Text("restart"), new[] { "unless-stopped", "no" }));
    }

    [Fact]
    public void ThreeSiloReplicasJoinTheComposeRedisOnceItIsHealthyAndAdvertiseTheirOwnAddress()
    {
        var silo = Services.Map("silo");
        Assert.Equal("3", silo.Map("deploy").Text("replicas"));
        Assert.Equal("service_healthy", silo.Map("depends_on").Map("redis").Text("condition"));
        var environment = silo.Map("environment");
        Assert.Equal("redis:6379", environment.Text("SWEEP_REDIS"));
        Assert.Equal("9464", environment.Text("SWEEP_METRICS_PORT"));
        // Left unset so that each replica advertises its own container IP; host ports would clash between replicas.
        Assert.False(environment.Has("SWEEP_ADVERTISE"));
        Assert.False(silo.Has("ports"));
    }

    [Fact]
    public void TheSilosKeepResultsAndCheckpointsOnOneNamedVolumeTheyShare()
    {
        var silo = Services.Map("silo");
        var mount = Assert.Single(silo.Texts("volumes")).Split(':');
        Assert.Matches("^[a-z][a-z0-9_-]*$", mount[0]);   // a name, not a host path
        Assert.True(Yaml.Load("docker-compose.yml").Map("volumes").Has(mount[0]), $"the volume \"{mount[0]}\" is not declared");
        var environment = silo.Map("environment");
        Assert.StartsWith(mount[1] + "/", environment.Text("SWEEP_RESULTS_ROOT"), StringComparison.Ordinal);
        Assert.StartsWith(mount[1] + "/", environment.Text("SWEEP_CHECKPOINT_ROOT"), StringComparison.Ordinal);
        // The image's non-root user owns that folder, so the new volume's copy of it is writable.
        Assert.Contains($"chown $APP_UID {mount[1]}", File.ReadAllText(RepositoryFiles.PathOf("deploy/silo.Dockerfile")), StringComparison.Ordinal);
    }

    [Fact]
    public void EveryBuildNamesADockerfileOfTheRepository()
    {
        var builds = Services.Children.Values.Where(s => s.Has("build")).Select(s => s.Map("build")).ToArray();
        Assert.Equal(2, builds.Length);
        Assert.All(builds, b =>
        {
            Assert.Equal(".", b.Text("context"));
            Assert.True(File.Exists(RepositoryFiles.PathOf(b.Text("dockerfile"))), b.Text("dockerfile") + " does not exist");
        });
    }

    [Fact]
    public void EveryReadOnlyMountIsAFileOrFolderOfTheRepository()
    {
        var mounts = Services.Children.Values.Where(s => s.Has("volumes")).SelectMany(s => s.Texts("volumes"))
            .Where(v => v.EndsWith(":ro", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(mounts);
        Assert.All(mounts, m =>
        {
            var source = m.Split(':')[0];
            Assert.True(File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)), source + " does not exist");
        });
    }

    [Fact]
    public void PrometheusReadsTheComposeConfigOnPort9090()
    {
        var prometheus = Services.Map("prometheus");
        Assert.Contains("./deploy/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro", prometheus.Texts("volumes"));
        Assert.Contains("9090:9090", prometheus.Texts("ports"));
    }

    [Fact]
    public void GrafanaLetsAnonymousViewersInAndProvisionsTheDashboardsWhereTheyAreMounted()
    {
        var grafana = Services.Map("grafana");
        var environment = grafana.Map("environment");
        Assert.Equal("true", environment.Text("GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.Equal("Viewer", environment.Text("GF_AUTH_ANONYMOUS_ORG_ROLE"));
        Assert.Contains("3000:3000", grafana.Texts("ports"));
        var volumes = grafana.Texts("volumes");
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", volumes);
        var dashboards = volumes.Single(v => v.StartsWith("./deploy/grafana/dashboards:", StringComparison.Ordinal)).Split(':')[1];

        var provider = Yaml.Load("deploy/grafana/provisioning/dashboards/sweep.yml").List("providers").Single();
        Assert.Equal("file", provider.Text("type"));
        Assert.Equal(dashboards, provider.Map("options").Text("path"));
        var home = environment.Text("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        Assert.StartsWith(dashboards + "/", home, StringComparison.Ordinal);
        Assert.True(File.Exists(RepositoryFiles.PathOf(Dashboards.Folder + "/" + Path.GetFileName(home))), home + " is not a dashboard of the repository");
    }
}
