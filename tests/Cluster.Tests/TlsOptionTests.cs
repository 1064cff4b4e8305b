using SweepCluster.Client;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Silo;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// `--tls-cert`, `--tls-key` and `--tls-ca` of the silo and of every connecting verb: all three or none, each file
/// readable and what it must be; a mistake is one line naming the option (and the file), exit 2, before any connection.
/// </summary>
public sealed class TlsOptionTests : IDisposable
{
    private readonly TestCertificates _ca = new("sweep cluster CA");
    private readonly TestCertificates _other = new("another CA");

    public void Dispose()
    {
        _ca.Dispose();
        _other.Dispose();
    }

    /// <summary>Each case: the options given, and what the message must name.</summary>
    private IEnumerable<(string[] Options, string[] Names)> Mistakes()
    {
        var (certificate, key) = _ca.Issue("node");
        var (otherCertificate, otherKey) = _other.Issue("node");
        var garbage = _ca.Write("garbage.pem", "not a certificate");
        var missing = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.crt");
        yield return (["--tls-cert", certificate], ["--tls-key", "--tls-ca"]);
        yield return (["--tls-cert", certificate, "--tls-key", key], ["--tls-ca"]);
        yield return (["--tls-key", key, "--tls-ca", _ca.Authority], ["--tls-cert"]);
        yield return (["--tls-cert", certificate, "--tls-key", key, "--tls-ca", missing], ["--tls-ca", missing]);
        yield return (["--tls-cert", garbage, "--tls-key", key, "--tls-ca", _ca.Authority], ["--tls-cert", garbage]);
        yield return (["--tls-cert", certificate, "--tls-key", otherKey, "--tls-ca", _ca.Authority], ["--tls-key", otherKey]);
        yield return (["--tls-cert", certificate, "--tls-key", key, "--tls-ca", garbage], ["--tls-ca", garbage]);
        // A certificate of another CA than the one trusted: no peer would accept it.
        yield return (["--tls-cert", otherCertificate, "--tls-key", otherKey, "--tls-ca", _ca.Authority], ["--tls-cert", otherCertificate, "--tls-ca"]);
        // The Redis test certificate is for servers only (serverAuth): neither a silo nor a client can show it to a peer.
        yield return (["--tls-cert", _ca.Certificate, "--tls-key", _ca.Key, "--tls-ca", _ca.Authority], ["--tls-cert", "clientAuth"]);
    }

    [Fact]
    public async Task ASiloWithAMistakenTlsOptionExitsTwoNamingIt()
    {
        foreach (var (options, names) in Mistakes())
        {
            using var stderr = new StringWriter();
            var code = await SiloCommand.RunAsync(["--silo-port", "1", "--gateway-port", "2", "--metrics-port", "3", .. options], stderr);
            AssertOneLineNaming(2, code, stderr.ToString(), names);
        }
    }

    [Fact]
    public async Task EveryConnectingVerbWithAMistakenTlsOptionExitsTwoNamingItWithoutConnecting()
    {
        foreach (var (options, names) in Mistakes())
        foreach (var verb in new[] { ["list"], ["status", "s-0000"], new[] { "cancel", "s-0000" } })
        {
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            // Nothing listens on port 1: a connection attempt would be exit 1, not 2.
            var code = await SweepCommand.RunAsync([.. verb, "--gateway", "127.0.0.1:1", .. options], stdout, stderr, TestContext.Current.CancellationToken);
            AssertOneLineNaming(2, code, stderr.ToString(), names);
        }
    }

    [Fact]
    public void TheSiloReadsTheTlsOptionsFromTheEnvironmentToo()
    {
        var (certificate, key) = _ca.Issue("node");
        var given = new Dictionary<string, string> { ["SWEEP_TLS_CERT"] = certificate, ["SWEEP_TLS_KEY"] = key, ["SWEEP_TLS_CA"] = _ca.Authority };
        var settings = SiloCommand.Read([], name => given.GetValueOrDefault(name));
        Assert.Equal(certificate, settings.Options.Tls!.CertificateFile);
        Assert.Equal("CN=sweep cluster CA", settings.Options.Tls.Authority.Subject);

        given.Remove("SWEEP_TLS_CA");
        var e = Assert.Throws<SiloSettingsException>(() => SiloCommand.Read([], name => given.GetValueOrDefault(name)));
        Assert.Contains("--tls-ca (SWEEP_TLS_CA)", e.Message);
        Assert.Null(SiloCommand.Read([], _ => null).Options.Tls);
    }

    private static void AssertOneLineNaming(int expected, int code, string stderr, string[] names)
    {
        Assert.True(code == expected, $"exit {code}: {stderr}");
        Assert.Single(stderr.TrimEnd().Split('\n'));
        foreach (var name in names) Assert.Contains(name, stderr);
        Assert.DoesNotContain("Exception", stderr);
    }
}
