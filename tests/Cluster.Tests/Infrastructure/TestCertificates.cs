using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A throw-away CA and a server certificate it issued for 127.0.0.1, as PEM files in a temp folder; <see cref="Issue"/>
/// makes more certificates of the same CA, for silos and clients of a cluster with mutual TLS.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sweep-tls-").FullName;
    private readonly X509Certificate2 _ca;

    /// <param name="name">The CA's common name, so that two test CAs are told apart in messages.</param>
    public TestCertificates(string name = "sweep test CA")
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        _ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(2));

        Authority = Write("ca.crt", _ca.ExportCertificatePem());
        (Certificate, Key) = Issue("server", new Oid("1.3.6.1.5.5.7.3.1"));
    }

    /// <summary>The CA's certificate: what a client must trust.</summary>
    public string Authority { get; }

    public string Certificate { get; }

    public string Key { get; }

    /// <summary>A certificate of this CA for both ends of a connection (serverAuth and clientAuth), as PEM files.</summary>
    public (string Certificate, string Key) Issue(string name) => Issue(name, new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2"));

    /// <summary>Writes a file of this name beside the certificates and returns its path.</summary>
    public string Write(string name, string contents)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, contents);
        return path;
    }

    public void Dispose()
    {
        _ca.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private (string Certificate, string Key) Issue(string name, params Oid[] usages)
    {
        var now = DateTimeOffset.UtcNow;
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages], false));
        using var issued = request.Create(_ca, now.AddDays(-1), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        return (Write($"{name}.crt", issued.ExportCertificatePem()), Write($"{name}.key", key.ExportPkcs8PrivateKeyPem()));
    }
}
