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
}
