namespace SweepCluster.Grains.Trials;

/// <summary>Where a trial is: the Engine's terminal statuses plus the two live ones a cluster adds.</summary>
[GenerateSerializer, Alias("sweep.TrialPhase")]
public enum TrialPhase
{
    /// <summary>Never started.</summary>
    Pending,
    /// <summary>Started, waiting for a training slot on its silo.</summary>
    Queued,
    Running,
    Completed,
    Diverged,
    /// <summary>Stopped early by the search (ASHA).</summary>
    Stopped,
    Failed,
    Cancelled,
}

public static class TrialPhases
{
    public static bool IsTerminal(this TrialPhase phase) => phase >= TrialPhase.Completed;

    public static TrialPhase From(Engine.Results.TrialStatus status) => status switch
    {
        Engine.Results.TrialStatus.Pending => TrialPhase.Pending,
        Engine.Results.TrialStatus.Running => TrialPhase.Running,
        Engine.Results.TrialStatus.Completed => TrialPhase.Completed,
        Engine.Results.TrialStatus.Diverged => TrialPhase.Diverged,
        Engine.Results.TrialStatus.Stopped => TrialPhase.Stopped,
        Engine.Results.TrialStatus.Failed => TrialPhase.Failed,
        Engine.Results.TrialStatus.Cancelled => TrialPhase.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static Engine.Results.TrialStatus ToStatus(this TrialPhase phase) => phase switch
    {
        TrialPhase.Pending or TrialPhase.Queued => Engine.Results.TrialStatus.Pending,
        TrialPhase.Running => Engine.Results.TrialStatus.Running,
        TrialPhase.Completed => Engine.Results.TrialStatus.Completed,
        TrialPhase.Diverged => Engine.Results.TrialStatus.Diverged,
        TrialPhase.Stopped => Engine.Results.TrialStatus.Stopped,
        TrialPhase.Failed => Engine.Results.TrialStatus.Failed,
        TrialPhase.Cancelled => Engine.Results.TrialStatus.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, null),
    };
}
