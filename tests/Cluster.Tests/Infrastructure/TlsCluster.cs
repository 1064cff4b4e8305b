using SweepCluster.Client;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Two real silo processes with mutual TLS, certificates of a test CA, in a Redis of their own under the ids the `sweep`
/// command joins by default; and a second CA whose certificates the cluster must refuse.
/// </summary>
public sealed class TlsCluster : IAsyncLifetime
{
    private readonly List<SiloProcess> _silos = [];
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-tls-cluster-").FullName;

    public TestCertificates Authority { get; } = new("sweep cluster CA");

    /// <summary>A CA the cluster does not know.</summary>
    public TestCertificates Foreign { get; } = new("another CA");

    public RedisServer Redis { get; } = new();

    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The `--tls-*` options of a client whose certificate the cluster's CA issued.</summary>
    public string[] ClientTls { get; private set; } = [];

    /// <summary>The `--tls-*` options of a client whose certificate, and trusted CA, are another CA's.</summary>
    public string[] ForeignClientTls { get; private set; } = [];

    public async ValueTask InitializeAsync()
    {
        await Redis.InitializeAsync();
        ClientTls = Options(Authority, "client");
        ForeignClientTls = Options(Foreign, "client");
        var silos = new[] { Start(Authority, "silo-1"), Start(Authority, "silo-2") };
        await Task.WhenAll(silos.Select(s => s.WaitHealthyAsync(TimeSpan.FromSeconds(180))));
    }

    /// <summary>A silo of this cluster's Redis with a certificate of <paramref name="ca"/>.</summary>
    public SiloProcess Start(TestCertificates ca, string name)
    {
        var silo = SiloProcess.Start(Redis.ConnectionString, "sweep", slots: 1, null, [.. Options(ca, name), "--warm-up", "false"]);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>A client of the cluster through Redis with the certificate of the cluster's CA.</summary>
    public Task<SweepClusterConnection> ConnectAsync() => SweepClusterConnection.ConnectAsync(
        new ClusterTarget.Redis(Redis.ConnectionString) { Tls = ClusterTls.From(ClientTls[1], ClientTls[3], ClientTls[5], server: false) },
        TimeSpan.FromSeconds(60), cancel: TestContext.Current.CancellationToken);

    /// <summary>`sweep ARGS --redis ...` in this process, its output captured.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> SweepAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SweepCommand.RunAsync([.. args, "--redis", Redis.ConnectionString], stdout, stderr, TestContext.Current.CancellationToken);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Writes a file for the test and returns its path.</summary>
    public string File(string name, string contents)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    /// <summary>For a failed test: the end of each silo's log.</summary>
    public void WriteLogs(ITestOutputHelper output)
    {
        foreach (var silo in _silos)
            output.WriteLine($"--- silo {silo.Address} ---\n{(silo.Log.Length > 4000 ? silo.Log[^4000..] : silo.Log)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in _silos) silo.Kill();
        foreach (var silo in _silos) await silo.DisposeAsync();
        await Redis.DisposeAsync();
        Authority.Dispose();
        Foreign.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static string[] Options(TestCertificates ca, string name)
    {
        var (certificate, key) = ca.Issue(name);
        return ["--tls-cert", certificate, "--tls-key", key, "--tls-ca", ca.Authority];
    }
}
