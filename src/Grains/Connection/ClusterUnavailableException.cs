namespace SweepCluster.Grains.Connection;

/// <summary>Nothing answered where the client looked for a cluster; the message is one line a CLI can print as is.</summary>
/// <remarks>
/// The message is <see cref="Problem"/> then <see cref="Hint"/>: a command whose advice differs (a verb for which
/// <c>--local</c> would be no help) keeps the problem and gives its own hint.
/// </remarks>
public sealed class ClusterUnavailableException : Exception
{
    public ClusterUnavailableException(string message, Exception? inner = null) : base(message, inner) => Problem = message;

    public ClusterUnavailableException(string problem, string hint, Exception? inner) : base($"{problem}. {hint}", inner)
    {
        Problem = problem;
        Hint = hint;
    }

    /// <summary>What did not answer and why, without advice, e.g. "No Sweep silo answers at 127.0.0.1:30000 (...)".</summary>
    public string Problem { get; }

    /// <summary>What to do about it; null when the message is a problem alone (a bad address, say).</summary>
    public string? Hint { get; }

    /// <summary>
    /// Nothing of the cluster is there at all: no Redis answers, Redis lists no live silo, nothing listens at the gateway,
    /// or the address is wrong. Not worth waiting for the way a silo that just died is: a command that never reached the
    /// cluster says so at once.
    /// </summary>
    public bool Absent { get; init; }
}
