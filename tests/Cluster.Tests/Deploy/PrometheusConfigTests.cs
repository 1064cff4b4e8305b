using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>The two Prometheus configs pass the real promtool and scrape the silos as job sweep-silos.</summary>
public sealed class PrometheusConfigTests
{
    [Theory]
    [InlineData("deploy/prometheus/prometheus.yml")]
    [InlineData("deploy/prometheus/prometheus.local.yml")]
    public async Task PromtoolChecksTheConfig(string config)
    {
        var (exitCode, output) = await Promtool.CheckConfigAsync(RepositoryFiles.PathOf(config));
        Assert.True(exitCode == 0, $"promtool check config {config} exited {exitCode}:\n{output}");
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void InComposeTheSiloReplicasAreFoundByDnsOnTheirMetricsPort()
    {
        var job = Yaml.Load("deploy/prometheus/prometheus.yml").List("scrape_configs").Single();
        Assert.Equal("sweep-silos", job.Text("job_name"));
        Assert.Equal("5s", job.Text("scrape_interval"));
        var dns = job.List("dns_sd_configs").Single();
        Assert.Equal(["silo"], dns.Texts("names"));
        Assert.Equal("A", dns.Text("type"));
        var metricsPort = Yaml.Load("docker-compose.yml").Map("services").Map("silo").Map("environment").Text("SWEEP_METRICS_PORT");
        Assert.Equal(metricsPort, dns.Text("port"));
    }

    [Fact]
    public void LocallyThreeSilosOnLoopbackAreScraped()
    {
        var job = Yaml.Load("deploy/prometheus/prometheus.local.yml").List("scrape_configs").Single();
        Assert.Equal("sweep-silos", job.Text("job_name"));
        Assert.Equal("5s", job.Text("scrape_interval"));
        Assert.Equal(["127.0.0.1:9464", "127.0.0.1:9465", "127.0.0.1:9466"], job.List("static_configs").Single().Texts("targets"));
    }
}
