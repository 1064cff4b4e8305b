namespace SweepCluster.Engine.Trainers;

/// <summary>How the host runs a trainer's program for one trial (what the spec does not say).</summary>
/// <param name="DivergenceFactor">The spec's <c>training.divergenceFactor</c>.</param>
/// <param name="CheckpointDirectory">The trial's <c>SWEEP_CHECKPOINT_DIR</c>, the same for every attempt (see <see cref="CheckpointDirectories"/>); created when missing; null leaves it unset.</param>
/// <param name="Gpu">The slot's <c>CUDA_VISIBLE_DEVICES</c>; null leaves the inherited value.</param>
/// <param name="BaseDirectory">What a relative <c>workingDirectory</c> is relative to, and the working directory when none is given; null means the current one.</param>
/// <param name="TrialFileDirectory">Where the <c>SWEEP_TRIAL</c> files are written (deleted when the trial ends); null means a folder under the system's temp folder.</param>
/// <param name="Grace">Between SIGTERM and SIGKILL when a program is stopped.</param>
/// <param name="TailBytes">How much of the end of stdout and of stderr is kept.</param>
public sealed record CommandRunOptions(
    double DivergenceFactor = 10,
    string? CheckpointDirectory = null,
    string? Gpu = null,
    string? BaseDirectory = null,
    string? TrialFileDirectory = null,
    TimeSpan? Grace = null,
    int TailBytes = OutputTail.DefaultCapacity)
{
    public static readonly TimeSpan DefaultGrace = TimeSpan.FromSeconds(10);

    /// <summary>Longest error text taken from the end of stderr.</summary>
    public const int ErrorTailBytes = 2048;

    internal TimeSpan EffectiveGrace => Grace ?? DefaultGrace;

    internal string WorkingDirectory(string? configured)
    {
        string root = BaseDirectory ?? Environment.CurrentDirectory;
        return configured is null ? root : Path.GetFullPath(configured, root);
    }
}
