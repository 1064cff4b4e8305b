using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// How one trial of a user's program ended. <see cref="Error"/> is set for <c>failed</c> (the exit code and the end of
/// stderr, a timeout, a missing executable); <see cref="Detail"/> says why a trial was stopped, diverged or cancelled.
/// The trial's figures are <see cref="LastEpoch"/>'s; its history is <see cref="Reports"/>.
/// </summary>
public sealed record CommandRunResult(
    TrialStatus Status,
    string? Error,
    string? Detail,
    int? ExitCode,
    int ReportCount,
    TrainerReport? LastEpoch,
    TrainerReport? LastReport,
    IReadOnlyList<TrainerReport> Reports,
    string Stdout,
    string Stderr,
    double WallSeconds);
