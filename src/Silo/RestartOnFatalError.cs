namespace SweepCluster.Silo;

/// <summary>
/// Orleans' fatal errors (above all "the membership table says I am dead", after a pause or a network partition) end
/// the process by default (<c>Environment.FailFast</c>), and then only a supervisor brings the silo back. Here they
/// replace the silo with a new one in the same process instead, which joins the cluster under a new generation.
/// </summary>
internal sealed class RestartOnFatalError(SiloRun run) : IFatalErrorHandler
{
    public const string DeclaredDead = "the cluster declared it dead";

    private const int MaxReason = 200;

    public bool IsUnexpected(Exception exception) => exception is not ThreadAbortException;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
        run.RequestRestart(Reason(context, exception));

    private static string Reason(string? context, Exception? exception)
    {
        if (context is not null && context.Contains("I am dead", StringComparison.Ordinal)) return DeclaredDead;
        var text = (context ?? (exception is null ? "unknown" : SiloFailure.OneLine(exception))).ReplaceLineEndings(" ");
        return "a fatal error in Orleans: " + (text.Length > MaxReason ? text[..MaxReason] + "…" : text);
    }
}
