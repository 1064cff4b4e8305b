namespace SweepCluster.Grains.Trials;

/// <summary>
/// The kept end of one attempt's program output (at most 1 MB of stdout and of stderr, whole lines), with how many lines
/// each stream has printed in all, so that a follower can tell which of the kept lines it has not seen yet.
/// </summary>
/// <param name="Attempt">The attempt that printed them; a restarted trial's output starts again.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialLogs")]
public sealed record TrialLogs(
    [property: Id(0)] int Attempt,
    [property: Id(1)] string Stdout,
    [property: Id(2)] long StdoutLines,
    [property: Id(3)] string Stderr,
    [property: Id(4)] long StderrLines)
{
    public static TrialLogs Empty { get; } = new(0, "", 0, "", 0);

    /// <summary>The text of one stream and its line count.</summary>
    public (string Text, long Lines) Of(bool stderr) => stderr ? (Stderr, StderrLines) : (Stdout, StdoutLines);

    /// <summary>
    /// The kept lines of one stream that a follower of <paramref name="attempt"/> has not seen after
    /// <paramref name="seen"/> lines; all of them when this is another attempt.
    /// </summary>
    public TrialLogLines After(int attempt, bool stderr, long seen)
    {
        var (text, lines) = Of(stderr);
        return TrialLogLines.Of(Attempt, text, lines, attempt == Attempt ? Math.Max(0, seen) : 0);
    }
}

/// <summary>What a trial keeps of its program's output in grain storage (a state of its own beside the trial's).</summary>
[GenerateSerializer, Alias("sweep.TrialLogsState")]
public sealed class TrialLogsState
{
    /// <summary>Null until a program printed something (never, for the built-in trainer).</summary>
    [Id(0)] public TrialLogs? Logs { get; set; }
}
