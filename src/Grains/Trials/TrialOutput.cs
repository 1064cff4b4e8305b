using SweepCluster.Engine.Trainers;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// A running program's output as the trial keeps it: the last 1 MB of stdout and of stderr, and a count of the lines
/// printed, which tells the grain whether anything changed since it last stored them. Thread-safe.
/// </summary>
internal sealed class TrialOutput(int attempt)
{
    private readonly Lock _lock = new();
    private readonly OutputTail _stdout = new();
    private readonly OutputTail _stderr = new();
    private long _stdoutLines;
    private long _stderrLines;

    /// <summary>Grows with every line; equal values mean equal output.</summary>
    public long Version
    {
        get
        {
            lock (_lock) return _stdoutLines + _stderrLines;
        }
    }

    public void Append(OutputStream stream, string line)
    {
        // The text and its count change together, so that a snapshot's count numbers exactly its lines.
        lock (_lock)
        {
            if (stream == OutputStream.Stderr)
            {
                _stderr.Append(line);
                _stderrLines++;
            }
            else
            {
                _stdout.Append(line);
                _stdoutLines++;
            }
        }
    }

    /// <summary>How much of each stream a running trial stores now and then: enough for a follower to go on after a restart.</summary>
    public const int RunningBytes = 64 * 1024;

    /// <summary>All that is kept (the last 1 MB of each stream).</summary>
    public TrialLogs Snapshot()
    {
        lock (_lock) return new TrialLogs(attempt, _stdout.ToString(), _stdoutLines, _stderr.ToString(), _stderrLines);
    }

    /// <summary>The last <see cref="RunningBytes"/> of each stream, with the same line counts: what a running trial stores.</summary>
    public TrialLogs Recent()
    {
        lock (_lock) return new TrialLogs(attempt, _stdout.ToString(RunningBytes), _stdoutLines, _stderr.ToString(RunningBytes), _stderrLines);
    }
}
