using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// One place that turns a <c>--redis</c> connection string into StackExchange.Redis options, for the silo's clustering,
/// storage and reminders and for clients alike, and that keeps its password out of messages and logs.
/// </summary>
public static partial class RedisConnection
{
    /// <summary>
    /// The options of <paramref name="connectionString"/> (<c>host:6379,password=...,ssl=true</c>). With
    /// <paramref name="trustedIssuer"/> (a PEM or DER CA certificate file, <c>--redis-ca</c> / <c>SWEEP_REDIS_CA</c>), a
    /// TLS server whose certificate that CA issued is trusted though the machine's store does not know it: a private
    /// CA or a self-signed Redis. The server's name is checked as usual.
    /// </summary>
    /// <exception cref="ArgumentException">Not a connection string StackExchange.Redis accepts, or no such CA file.</exception>
    public static ConfigurationOptions Options(string connectionString, string? trustedIssuer = null)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            throw new ArgumentException($"--redis: \"{Redact(connectionString)}\" is not a Redis connection string ({e.Message.Split('\n')[0].Trim()}); "
                + "expected host:port[,password=...][,ssl=true], e.g. 127.0.0.1:6379.", e);
        }
        if (options.EndPoints.Count == 0)
            throw new ArgumentException($"--redis: \"{Redact(connectionString)}\" names no server; expected host:port[,password=...][,ssl=true], e.g. 127.0.0.1:6379.");
        if (trustedIssuer is not null)
        {
            if (!File.Exists(trustedIssuer))
                throw new ArgumentException($"--redis-ca: \"{trustedIssuer}\" is not allowed; no such file (a PEM or DER CA certificate).");
            try
            {
                options.TrustIssuer(trustedIssuer);
            }
            catch (System.Security.Cryptography.CryptographicException e)
            {
                throw new ArgumentException($"--redis-ca: \"{trustedIssuer}\" is not allowed; not a PEM or DER certificate ({e.Message}).", e);
            }
        }
        return options;
    }

    /// <summary><paramref name="connectionString"/> with the value of its password (and user name) replaced by <c>*****</c>.</summary>
    public static string Redact(string connectionString) => Secret().Replace(connectionString, m => m.Groups[1].Value + "*****");

    [GeneratedRegex(@"((?:^|,)\s*(?:password|user)\s*=)[^,]*", RegexOptions.IgnoreCase)]
    private static partial Regex Secret();
}
