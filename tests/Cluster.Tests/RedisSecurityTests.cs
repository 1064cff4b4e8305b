using System.Diagnostics;
using System.Net;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A Redis that wants a password and speaks TLS with a certificate from a private CA (trusted through --redis-ca /
/// SWEEP_REDIS_CA): a real silo process and a client work through it; a wrong password or an untrusted certificate is a
/// clear error that never shows the password; the silo's HTTP port serves /metrics and /healthz and nothing else.
/// </summary>
public sealed class RedisSecurityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Password = "s3cret-for-tests";
    private readonly TestCertificates _certificates = new();
    private RedisServer _redis = null!;

    private string Secure(string password = Password) => $"127.0.0.1:{_redis.TlsPort},password={password},ssl=true";

    public async ValueTask InitializeAsync()
    {
        _redis = new RedisServer { Password = Password, Tls = (_certificates.Certificate, _certificates.Key) };
        await _redis.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        _certificates.Dispose();
    }

    [Fact]
    public async Task ASiloAndAClientRunASweepThroughARedisWithAPasswordAndTls()
    {
        var clusterId = Specs.NewId("tls");
        await using var silo = SiloProcess.Start(Secure(), clusterId, slots: 1, new Dictionary<string, string> { ["SWEEP_REDIS_CA"] = _certificates.Authority });
        try
        {
            await silo.WaitHealthyAsync(TimeSpan.FromSeconds(180));
            await using var connection = await SweepClusterConnection.ConnectAsync(
                new ClusterTarget.Redis(Secure(), clusterId, clusterId, _certificates.Authority), TimeSpan.FromSeconds(60), cancel: TestContext.Current.CancellationToken);
            var sweep = connection.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-tls"));
            await sweep.Submit("""{"name":"tls","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":50},"search":{"kind":"grid","learningRates":[0.001,0.01,0.03],"metric":"trainLoss"}}""");
            await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(120), "the sweep ended", TimeSpan.FromMilliseconds(200));

            var status = await sweep.GetStatus();
            Assert.Equal(SweepPhase.Completed, status.Status);
            Assert.Equal(3, status.Counts.GetValueOrDefault(TrialPhase.Completed));
            Assert.Equal(0.03, status.BestLearningRate);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{silo.MetricsPort}"), Timeout = TimeSpan.FromSeconds(10) };
            var cancel = TestContext.Current.CancellationToken;
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics", cancel)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", cancel)).StatusCode);
            foreach (var path in new[] { "/", "/index.html", "/admin", "/metrics/extra", "/healthz/x", "/debug/pprof", "/.env", "/swagger" })
                Assert.True((await http.GetAsync(path, cancel)).StatusCode == HttpStatusCode.NotFound, $"GET {path} should be 404");
            var post = await http.PostAsync("/metrics", new StringContent("x"), cancel);
            Assert.True(post.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed, $"POST /metrics answered {post.StatusCode}");
        }
        finally
        {
            silo.Kill();
            output.WriteLine(silo.Log.Length > 4000 ? silo.Log[^4000..] : silo.Log);
        }
        Assert.DoesNotContain(Password, silo.Log);
    }

    [Fact]
    public async Task AWrongPasswordIsAOneLineErrorWithinTenSecondsThatDoesNotShowThePassword()
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() => SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(Secure("not-the-password"), TrustedIssuer: _certificates.Authority), cancel: TestContext.Current.CancellationToken));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {e.Message}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(11));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("not-the-password", e.Message);
        Assert.Contains("password=*****", e.Message);
        Assert.Contains("Redis refused this client", e.Message);
    }

    [Fact]
    public async Task ATlsCertificateFromAnUntrustedIssuerIsRefused()
    {
        var e = await Assert.ThrowsAsync<ClusterUnavailableException>(() => SweepClusterConnection.ConnectAsync(
            new ClusterTarget.Redis(Secure()), cancel: TestContext.Current.CancellationToken));
        output.WriteLine(e.Message);
        Assert.DoesNotContain(Password, e.Message);
        Assert.Contains("SWEEP_REDIS_CA", e.Message);
    }
}
