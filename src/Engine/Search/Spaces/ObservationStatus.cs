namespace SweepCluster.Engine.Search.Spaces;

/// <summary>How a proposed configuration's trial stands, as the samplers read it.</summary>
public enum ObservationStatus
{
    /// <summary>Finished with a final value.</summary>
    Completed,

    /// <summary>Stopped early (median stopping, ASHA) at a step with its last value: ranked after every completed trial, deeper steps first (as Optuna ranks pruned trials).</summary>
    Pruned,

    /// <summary>Its loss blew up: counted as finished with the worst value, so TPE learns to avoid the region.</summary>
    Diverged,

    /// <summary>The program failed (crash, timeout): left out, as Optuna leaves failed trials out; the region may be sampled again.</summary>
    Failed,

    /// <summary>Proposed and not finished: counted with the worst value ("constant liar"), so parallel slots do not sample the same point.</summary>
    InFlight,
}
