namespace SweepCluster.Engine.Trainers;

/// <summary>Why a trial's program was stopped before it ended on its own.</summary>
public enum StopCause
{
    /// <summary>By the search (ASHA or median stopping): the trial ends <c>stopped</c>.</summary>
    EarlyStopped,

    /// <summary>By a cancel of the sweep: <c>cancelled</c>.</summary>
    Cancelled,

    /// <summary>A reported loss was not finite or grew past divergenceFactor × the first: <c>diverged</c>.</summary>
    Diverged,

    /// <summary>Past the trainer's timeoutSeconds: <c>failed</c>.</summary>
    TimedOut,
}
