using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// Mutual TLS between the silos of a cluster and its clients (<c>--tls-cert</c>, <c>--tls-key</c>, <c>--tls-ca</c>, or
/// <c>SWEEP_TLS_CERT</c>, <c>SWEEP_TLS_KEY</c>, <c>SWEEP_TLS_CA</c>): this process shows its own certificate and accepts
/// a peer only if the peer's certificate chains to the one given CA. Names are not checked: silos dial each other by IP.
/// </summary>
public sealed class ClusterTls
{
    public const string CertificateOption = "--tls-cert (SWEEP_TLS_CERT)";
    public const string KeyOption = "--tls-key (SWEEP_TLS_KEY)";
    public const string AuthorityOption = "--tls-ca (SWEEP_TLS_CA)";

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private ClusterTls(string certificateFile, X509Certificate2 certificate, X509Certificate2 authority)
    {
        CertificateFile = certificateFile;
        Certificate = certificate;
        Authority = authority;
    }

    /// <summary>The PEM file of this process's certificate.</summary>
    public string CertificateFile { get; }

    /// <summary>This process's certificate with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The only CA whose certificates are accepted from peers.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>
    /// Mutual TLS from the three files, or null when none is given. A silo's certificate (<paramref name="server"/>)
    /// also accepts connections, so it must allow server authentication as well as client authentication.
    /// </summary>
    /// <exception cref="ArgumentException">Some but not all three given, or a file that is missing or not what it must be: one line naming the option and the file.</exception>
    public static ClusterTls? From(string? certificateFile, string? keyFile, string? authorityFile, bool server)
    {
        if (certificateFile is null && keyFile is null && authorityFile is null) return null;
        var missing = new[] { (certificateFile, CertificateOption), (keyFile, KeyOption), (authorityFile, AuthorityOption) }
            .Where(o => o.Item1 is null).Select(o => o.Item2).ToList();
        if (missing.Count > 0)
            throw new ArgumentException($"{string.Join(" and ", missing)} missing: mutual TLS needs --tls-cert, --tls-key and --tls-ca together "
                + "(this process's certificate, its private key and the CA that issued every certificate of the cluster), all PEM files.");

        var authority = LoadCertificate(authorityFile!, AuthorityOption, "CA certificate");
        var alone = LoadCertificate(certificateFile!, CertificateOption, "certificate");
        Readable(keyFile!, KeyOption, "private key");
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(certificateFile!, keyFile);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{KeyOption}: \"{keyFile}\" is not allowed; not a PEM private key of the certificate in \"{certificateFile}\" ({OneLine(e)}).", e);
        }
        finally
        {
            alone.Dispose();
        }
        // SslStream on Windows cannot use the ephemeral key a PEM file loads into; a PKCS#12 round trip persists it.
        if (OperatingSystem.IsWindows())
        {
            using var ephemeral = certificate;
            certificate = X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
        }

        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().SelectMany(u => u.EnhancedKeyUsages.Cast<Oid>()).Select(o => o.Value).ToList();
        var needed = server ? new[] { ServerAuthentication, ClientAuthentication } : [ClientAuthentication];
        if (usages.Count > 0 && needed.FirstOrDefault(n => !usages.Contains(n.Value)) is { } lacking)
            throw new ArgumentException($"{CertificateOption}: \"{certificateFile}\" is not allowed; its extended key usage lacks {lacking.FriendlyName ?? lacking.Value} "
                + (server ? "(a silo's certificate needs both serverAuth and clientAuth: it accepts connections and opens them)." : "(a client's certificate needs clientAuth)."));

        var tls = new ClusterTls(certificateFile!, certificate, authority);
        if (!tls.Trusts(certificate, presented: null))
            throw new ArgumentException($"{CertificateOption}: \"{certificateFile}\" is not allowed; it is not issued by the CA of {AuthorityOption} \"{authorityFile}\" "
                + "(or it has expired), so no peer that trusts that CA would accept it.");
        return tls;
    }

    /// <summary>
    /// Sets up Orleans' TLS: this certificate, a certificate required from every peer, and the peer accepted only if its
    /// certificate chains to <see cref="Authority"/>; revocation is not checked (a private CA publishes no list).
    /// </summary>
    public void Configure(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.LocalCertificate = Certificate;
        options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        options.CheckCertificateRevocation = false;
        options.RemoteCertificateValidation = (certificate, chain, _) => Trusts(certificate, chain);
        // Silos and clients dial IP addresses; the name is informational (the peer's certificate is what is checked).
        options.OnAuthenticateAsClient = (connection, client) =>
            client.TargetHost = connection.RemoteEndPoint is IPEndPoint remote ? remote.Address.ToString() : "sweep-cluster";
    }

    /// <summary>True when <paramref name="certificate"/> chains to <see cref="Authority"/> and to no other root.</summary>
    public bool Trusts(X509Certificate2 certificate, X509Chain? presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // Intermediate certificates the peer sent along.
        if (presented is not null)
            foreach (var element in presented.ChainElements)
                if (!element.Certificate.Equals(certificate)) chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        return chain.Build(certificate);
    }

    public override string ToString() => $"mutual TLS as {Certificate.Subject}, trusting {Authority.Subject}";

    private static X509Certificate2 LoadCertificate(string path, string option, string what)
    {
        Readable(path, option, what);
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new ArgumentException($"{option}: \"{path}\" is not allowed; not a PEM or DER {what} ({OneLine(e)}).", e);
        }
    }

    private static void Readable(string path, string option, string what)
    {
        try
        {
            using var _ = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"{option}: \"{path}\" is not allowed; cannot read it ({OneLine(e)}); expected a PEM {what} file.", e);
        }
    }

    private static string OneLine(Exception e) => e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.');
}
