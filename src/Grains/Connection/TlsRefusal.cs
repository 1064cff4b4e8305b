namespace SweepCluster.Grains.Connection;

/// <summary>
/// Says in one line why connections to a cluster's gateways ended before Orleans' greeting when TLS is the likely
/// cause: a silo with mutual TLS hangs up on a client without a certificate, and either side drops a TLS handshake
/// whose certificate it does not trust, without telling the other why.
/// </summary>
internal static class TlsRefusal
{
    // Orleans' own words for a connection closed before its preamble was read, or before Orleans took it over (as when
    // the TLS middleware gives up), or under it.
    private static readonly string[] ClosedEarly = ["Connection terminated prematurely", "Connection initialization failed", "Underlying connection closed"];

    // .NET's words when this side's certificate check (ClusterTls.Trusts) turned the silo's certificate down.
    private const string RejectedByUs = "RemoteCertificateValidationCallback";

    /// <summary>The problem in one line, or null when the failures do not look like TLS.</summary>
    /// <param name="failures">Every exception seen while connecting (the client's logged warnings and the final one).</param>
    public static string? Explain(ClusterTarget target, IEnumerable<Exception> failures)
    {
        if (target is ClusterTarget.Local) return null;
        var seen = failures.ToList();
        var where = target switch
        {
            ClusterTarget.Gateway g => g.HostPort,
            ClusterTarget.Redis r => $"the gateways listed in Redis {Hosting.RedisConnection.Redact(r.ConnectionString)}",
            _ => target.ToString(),
        };
        if (target.Tls is { } tls && seen.Any(f => Mentions(f, RejectedByUs)))
            return $"TLS handshake refused at {where}: the silo's certificate is not issued by the CA of --tls-ca ({tls.Authority.Subject}); "
                + "check SWEEP_TLS_CA (or --tls-ca) names this cluster's CA.";
        if (!seen.Any(f => ClosedEarly.Any(text => Mentions(f, text)))) return null;
        return target.Tls is not { } mine
            ? $"The cluster at {where} closed the connection before its greeting, as a cluster with mutual TLS does to a client without a "
                + "certificate: set SWEEP_TLS_CERT, SWEEP_TLS_KEY and SWEEP_TLS_CA (or pass --tls-cert, --tls-key and --tls-ca) to a certificate "
                + "of the cluster's CA, its key and that CA."
            : $"TLS handshake refused at {where}: the silo did not accept this client's certificate ({mine.Certificate.Subject}, issued by "
                + $"{mine.Certificate.Issuer}); it takes only certificates of its own CA (or it does not use TLS).";
    }

    private static bool Mentions(Exception failure, string text)
    {
        for (Exception? e = failure; e is not null; e = e.InnerException)
        {
            if (e.Message.Contains(text, StringComparison.Ordinal)) return true;
            if (e is AggregateException aggregate && aggregate.InnerExceptions.Any(inner => Mentions(inner, text))) return true;
        }
        return false;
    }
}
