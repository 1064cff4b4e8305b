using System.Net.Sockets;
using StackExchange.Redis;

namespace SweepCluster.Grains.Connection;

/// <summary>
/// Which failures of a call into the cluster are the cluster's passing trouble (a silo that died and is not yet declared
/// dead, a gateway gone, a paused silo, Redis restarting), worth trying again on a fresh connection, and how to say
/// what happened in a few words without exception type names.
/// </summary>
public static class ClusterFaults
{
    /// <summary>
    /// True for faults of the cluster's machinery: Orleans' own exceptions (message rejected, silo unavailable, connection
    /// failed, no gateway), timeouts, Redis and socket errors, a cluster that did not answer a connection. False for what
    /// a grain answers about the request itself (argument or state errors) and for bugs.
    /// </summary>
    public static bool IsTransient(Exception e)
    {
        e = Unwrap(e);
        return e switch
        {
            ClusterUnavailableException unavailable => !unavailable.Absent,
            OrleansException or TimeoutException or RedisException or SocketException => true,
            // A client stopped under a call, or a call cancelled by the runtime rather than by the user.
            ObjectDisposedException or OperationCanceledException => true,
            _ => false,
        };
    }

    /// <summary>A few words on what went wrong, never a type name or a dump of the request (Orleans' timeouts list it whole).</summary>
    public static string Describe(Exception e)
    {
        e = Unwrap(e);
        return e switch
        {
            ClusterUnavailableException unavailable => unavailable.Problem,
            TimeoutException => "a silo did not answer in time",
            SiloUnavailableException => "a silo is unavailable",
            OrleansMessageRejectionException => "a silo or gateway could not be reached",
            RedisException => "Redis does not answer",
            SocketException socket => socket.Message,
            OrleansException o when o.Message.Contains("gateway", StringComparison.OrdinalIgnoreCase) => "no gateway answers",
            ObjectDisposedException or OperationCanceledException => "the connection was closed",
            _ => "the connection to the cluster failed",
        };
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException { InnerException: { } inner }) e = inner;
        return e;
    }
}
