namespace SweepCluster.Grains.Trials;

/// <summary>
/// What a trial that threw says in its <c>error</c>: the message alone, on one line and bounded; the exception's type
/// and stack trace go to the silo's log only.
/// </summary>
internal static class TrialFault
{
    internal const int MaxLength = 2000;

    public static string Message(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var message = failure.Message.ReplaceLineEndings(" ").Trim();
        // A wrapper (an aggregate, a target invocation) says less than its cause.
        if (failure.InnerException is { } inner && (message.Length == 0 || failure is AggregateException or System.Reflection.TargetInvocationException))
            return Message(inner);
        if (message.Length == 0) message = "the trainer failed without saying why";
        return message.Length > MaxLength ? message[..MaxLength] + "…" : message;
    }

    /// <summary>The cause at the bottom of a chain of wrapped exceptions.</summary>
    public static Exception Innermost(Exception e)
    {
        while (e.InnerException is { } inner) e = inner;
        return e;
    }

    /// <summary>True for a storage write refused because another activation wrote the state first (an etag conflict).</summary>
    public static bool IsConflict(Exception e)
    {
        for (var x = e; x is not null; x = x.InnerException)
        {
            if (x is Orleans.Storage.InconsistentStateException) return true;
        }
        return false;
    }
}
