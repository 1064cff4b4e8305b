using System.Net.Sockets;
using StackExchange.Redis;

namespace SweepCluster.Grains.Hosting;

/// <summary>
/// One connection and one PING before Orleans is started against a Redis. Orleans' providers retry an unreachable or
/// refusing Redis until their own deadlines and log each attempt with its stack trace; asking first says what is wrong
/// at once. The silo and the clients both call it.
/// </summary>
public static class RedisProbe
{
    /// <summary>Connects once (no retries) and pings.</summary>
    /// <exception cref="RedisConnectionException">Redis does not answer, or refuses this client (password, user, TLS).</exception>
    public static async Task PingAsync(ConfigurationOptions options, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(options);
        var probe = options.Clone();
        probe.AbortOnConnectFail = true;
        probe.ConnectRetry = 1;
        probe.ConnectTimeout = (int)Math.Min(probe.ConnectTimeout, timeout.TotalMilliseconds);
        probe.ClientName = "sweep-probe";
        await using var redis = await ConnectionMultiplexer.ConnectAsync(probe);
        await redis.GetDatabase().PingAsync();
    }

    /// <summary>Whether a failed <see cref="PingAsync"/> was Redis refusing this client (password, user, TLS) rather than no answer.</summary>
    public static bool Refused(Exception failure) =>
        failure is RedisConnectionException { FailureType: ConnectionFailureType.AuthenticationFailure }
        || failure.Message.Contains("AuthenticationFailure", StringComparison.Ordinal);

    /// <summary>What a failed <see cref="PingAsync"/> means, in a few words without a type name: refused, or no answer and why.</summary>
    public static string Reason(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        if (Refused(failure)) return "refused this client (a wrong password or user, or a TLS certificate this machine does not trust)";
        for (var cause = failure; cause is not null; cause = cause.InnerException)
            if (cause is SocketException socket) return $"does not answer ({socket.Message})";
        if (failure is RedisConnectionException { FailureType: var type })
            return type == ConnectionFailureType.UnableToConnect ? "does not answer" : $"does not answer ({type})";
        return $"does not answer ({failure.Message.ReplaceLineEndings(" ").Split(". ")[0].TrimEnd('.')})";
    }
}
