namespace SweepCluster.Silo;

/// <summary>A failure as the one line a user reads: its innermost cause's message, with no type name or stack trace.</summary>
internal static class SiloFailure
{
    private const int MaxLength = 300;

    public static string OneLine(Exception failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        // Orleans and the host wrap the cause (a lifecycle stage that failed, an aggregate of one): the cause says what.
        var cause = failure;
        while (cause.InnerException is { } inner) cause = inner;
        var message = cause.Message.ReplaceLineEndings(" ").Trim();
        if (message.Length == 0) message = failure.Message.ReplaceLineEndings(" ").Trim();
        return message.Length > MaxLength ? message[..MaxLength] + "…" : message;
    }
}
