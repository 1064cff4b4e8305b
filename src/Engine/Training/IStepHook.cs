namespace SweepCluster.Engine.Training;

/// <summary>
/// Takes over a run's rate and sees every batch loss before the update: how the LR range test drives the ordinary
/// training loop (same data order, model and optimizer as a trial) instead of a copy of it.
/// </summary>
internal interface IStepHook
{
    /// <summary>Optimizer steps the hooked run takes at most; the run is given as many epochs as they need.</summary>
    long Steps { get; }

    /// <summary>The rate of step <paramref name="step"/>, in place of the schedule's.</summary>
    double Rate(long step);

    /// <summary>The batch loss of step <paramref name="step"/> at the parameters before its update; false stops the run there.</summary>
    bool OnStep(long step, double rate, double loss);
}
