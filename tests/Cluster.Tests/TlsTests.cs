using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Mutual TLS on a shared cluster (real silo processes, certificates of a test CA): two TLS silos form one cluster and
/// a client with a certificate of their CA runs a sweep; a client without a certificate, or with another CA's, can
/// neither list nor cancel; a silo with another CA's certificate never joins (the cluster declares it dead and it stops).
/// </summary>
public sealed class TlsTests(TlsCluster cluster, ITestOutputHelper output) : IClassFixture<TlsCluster>
{
    private const string Grid =
        """{"name":"tls","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":50},"search":{"kind":"grid","learningRates":[0.001,0.003,0.01,0.03],"metric":"trainLoss"}}""";

    /// <summary>Trains until cancelled: its one trial runs for hours.</summary>
    private const string Endless =
        """{"name":"endless","data":{"source":"synthetic","task":"logistic","samples":4000,"features":200,"validationSize":64},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd","learningRate":0.01},"training":{"batchSize":64,"epochs":1000000},"search":{"kind":"none"}}""";

    [Fact]
    public async Task TwoTlsSilosFormOneClusterAndAClientWithACertificateOfTheirCaRunsASweep()
    {
        try
        {
            await using (var connection = await cluster.ConnectAsync())
                await Eventually.HoldsAsync(async () => (await connection.GetSilosAsync()).Count == 2, TimeSpan.FromSeconds(60), "both TLS silos on the load board");

            var results = cluster.File("results.json", "");
            var (code, _, stderr) = await cluster.SweepAsync(["run", cluster.File("grid.json", Grid), "--out", results, .. cluster.ClientTls]);
            Assert.True(code == 0, stderr);
            using var result = JsonDocument.Parse(File.ReadAllText(results));
            Assert.Equal("completed", result.RootElement.GetProperty("status").GetString());
            var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToList();
            Assert.Equal(4, trials.Count);
            Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
            Assert.Equal(0.03, result.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble());

            (code, var listed, stderr) = await cluster.SweepAsync(["list", .. cluster.ClientTls]);
            Assert.True(code == 0, stderr);
            Assert.Contains(result.RootElement.GetProperty("sweepId").GetString()!, listed);
        }
        catch
        {
            cluster.WriteLogs(output);
            throw;
        }
    }

    [Fact]
    public async Task AClientWithoutACertificateOrWithAnotherCasCanNeitherListNorCancel()
    {
        Assert.SkipWhen(Environment.GetEnvironmentVariable("SWEEP_TLS_CERT") is not null, "SWEEP_TLS_CERT is set in this environment");
        var (code, submitted, stderr) = await cluster.SweepAsync(["submit", cluster.File("endless.json", Endless), .. cluster.ClientTls]);
        Assert.True(code == 0, stderr);
        var sweepId = submitted.Trim();
        try
        {
            foreach (var (who, tls, says) in new[] { ("no certificate", Array.Empty<string>(), "SWEEP_TLS_CERT"), ("another CA's", cluster.ForeignClientTls, "TLS handshake refused") })
            foreach (var verb in new[] { ["list"], new[] { "cancel", sweepId } })
            {
                // No waiting: a refusal looks like a silo that just died, which a client waits out by default.
                (code, var stdout, stderr) = await cluster.SweepAsync([.. verb, .. tls, "--wait-seconds", "0"]);
                output.WriteLine($"{verb[0]}, {who}: exit {code}: {stderr}");
                Assert.Equal(1, code);
                Assert.Equal("", stdout);
                Assert.Single(stderr.TrimEnd().Split('\n'));
                Assert.Contains(says, stderr);
                Assert.DoesNotContain("Exception", stderr);
            }

            await using var connection = await cluster.ConnectAsync();
            var sweep = connection.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
            Assert.Equal(SweepPhase.Running, (await sweep.GetStatus()).Status);
        }
        finally
        {
            (code, _, stderr) = await cluster.SweepAsync(["cancel", sweepId, .. cluster.ClientTls]);
            Assert.True(code == 0, stderr);
        }
    }

    [Fact]
    public async Task ASiloWithACertificateOfAnotherCaIsDeclaredDeadAndStops()
    {
        var stranger = cluster.Start(cluster.Foreign, "stranger");
        try
        {
            // Orleans lets a silo join only once it has reached every active one: the TLS silos drop its handshakes, it
            // reaches none of them, they vote it dead and it stops itself.
            var everActive = false;
            await Eventually.HoldsAsync(async () =>
            {
                everActive |= await stranger.HealthAsync() == 200;
                return stranger.HasExited;
            }, TimeSpan.FromSeconds(240), "the silo with another CA's certificate stopped", TimeSpan.FromMilliseconds(500));
            Assert.False(everActive, "the silo with another CA's certificate was an active member at some point");
            Assert.NotEqual(0, stranger.ExitCode);

            await using var connection = await cluster.ConnectAsync();
            var management = connection.Client.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetDetailedHosts(false, TestContext.Current.CancellationToken);
            Assert.Equal(SiloStatus.Dead, hosts.Single(h => h.SiloAddress.Endpoint.Port == stranger.SiloPort).Status);
            Assert.Equal(
                cluster.Silos.Where(s => s != stranger).Select(s => s.SiloPort).Order(),
                hosts.Where(h => h.Status == SiloStatus.Active).Select(h => h.SiloAddress.Endpoint.Port).Order());
            foreach (var silo in cluster.Silos.Where(s => s != stranger)) Assert.Equal(200, await silo.HealthAsync());
        }
        catch
        {
            output.WriteLine(stranger.Log.Length > 6000 ? stranger.Log[^6000..] : stranger.Log);
            throw;
        }
    }
}
