using SweepCluster.Engine.Results;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// One launched attempt of a trial as its grain sees it, whatever trains it: the built-in trainer (<see cref="TrialRun"/>)
/// or a user's program (<see cref="CommandTrialRun"/>). Nothing behind it touches grain state.
/// </summary>
internal interface ITrialRun
{
    /// <summary>The live position (step, epoch, loss, rate) as the trainer last reported it.</summary>
    TrainingProgress Progress { get; }

    /// <summary>Never faults: a failure is a Trial with status failed.</summary>
    Task<Trial> Completion { get; }

    /// <summary>It holds a slot (it may already have finished).</summary>
    bool Started { get; }

    EpochPoint? LastEpoch { get; }

    /// <summary>Its activation is going away without it having finished: its end is not the trial's end.</summary>
    bool Abandoned { get; }

    /// <summary>The program's output so far; null for the built-in trainer, which prints nothing.</summary>
    TrialOutput? Output { get; }

    void Cancel();

    /// <summary>Ends the run early as stopped (at once if it is still queued).</summary>
    void Stop();

    void Abandon();
}
