using SweepCluster.Engine.Trainers;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A running program's output as the trial keeps it: the last 1 MB of stdout and of stderr as numbered lines, which
/// tell the grain whether anything changed since it last stored them, and a follower which lines it has not seen.
/// Thread-safe.
/// </summary>
internal sealed class TrialOutput(int attempt, int capacity = OutputTail.DefaultCapacity)
{
    private readonly Lock _lock = new();
    private readonly OutputTail _stdout = new(capacity);
    private readonly OutputTail _stderr = new(capacity);

    /// <summary>Grows with every line; equal values mean equal output.</summary>
    public long Version
    {
        get
        {
            lock (_lock) return _stdout.Printed + _stderr.Printed;
        }
    }

    public void Append(OutputStream stream, string line)
    {
        // The text and its count change together, so that a snapshot's count numbers exactly its lines.
        lock (_lock) (stream == OutputStream.Stderr ? _stderr : _stdout).Append(line);
    }

    /// <summary>How much of each stream a running trial stores now and then: enough for a follower to go on after a restart.</summary>
    public const int RunningBytes = 64 * 1024;

    /// <summary>All that is kept (the last 1 MB of each stream).</summary>
    public TrialLogs Snapshot()
    {
        lock (_lock) return new TrialLogs(attempt, _stdout.ToString(), _stdout.Printed, _stderr.ToString(), _stderr.Printed);
    }

    /// <summary>The last <see cref="RunningBytes"/> of each stream, with the same line counts: what a running trial stores.</summary>
    public TrialLogs Recent()
    {
        lock (_lock) return new TrialLogs(attempt, _stdout.ToString(RunningBytes), _stdout.Printed, _stderr.ToString(RunningBytes), _stderr.Printed);
    }

    /// <summary>
    /// The kept lines of one stream that a follower of <paramref name="followed"/> has not seen after
    /// <paramref name="seen"/> lines; all of them when this is another attempt. Only those lines are copied.
    /// </summary>
    public TrialLogLines After(int followed, bool stderr, long seen)
    {
        lock (_lock)
        {
            var lines = stderr ? _stderr : _stdout;
            var first = Math.Clamp(followed == attempt ? seen : 0, lines.Dropped, lines.Printed);
            return new TrialLogLines(attempt, first, lines.After(first), lines.Printed);
        }
    }
}
