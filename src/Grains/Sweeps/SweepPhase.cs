namespace SweepCluster.Grains.Sweeps;

/// <summary>Where a sweep is: docs/results.md statuses plus the state of a key nobody submitted to.</summary>
[GenerateSerializer, Alias("sweep.SweepPhase")]
public enum SweepPhase
{
    /// <summary>Never submitted.</summary>
    None,
    Running,
    Completed,
    Cancelled,
    Failed,
}

public static class SweepPhases
{
    public static bool IsTerminal(this SweepPhase phase) => phase >= SweepPhase.Completed;

    /// <summary>The phase a sweep ends in with <paramref name="status"/>.</summary>
    public static SweepPhase Of(Engine.Results.SweepStatus status) => status switch
    {
        Engine.Results.SweepStatus.Completed => SweepPhase.Completed,
        Engine.Results.SweepStatus.Cancelled => SweepPhase.Cancelled,
        _ => SweepPhase.Failed,
    };

    public static Engine.Results.SweepStatus ToStatus(this SweepPhase phase) => phase switch
    {
        SweepPhase.Completed => Engine.Results.SweepStatus.Completed,
        SweepPhase.Cancelled => Engine.Results.SweepStatus.Cancelled,
        SweepPhase.Failed => Engine.Results.SweepStatus.Failed,
        _ => Engine.Results.SweepStatus.Running,
    };
}
