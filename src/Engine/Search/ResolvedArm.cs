using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Search;

/// <summary>
/// What one trial trains, resolved once from its sweep's spec: its arm's sections with the configuration, the repeat's
/// seed and η applied (<see cref="Plan"/>), the user's program if the spec trains one, and the rungs at which it asks its
/// sweep whether to go on. A trial needs nothing else of the spec.
/// </summary>
/// <param name="Trainer">The spec's command trainer (its searched <c>trainer.*</c> values set); null for the built-in trainer.</param>
/// <param name="ArmTrainer">The arm's changes to that program's args and env; null for none.</param>
/// <param name="Rungs">Completed epochs at which the trial reports <see cref="Metric"/> (ASHA, median stopping); empty without early stopping.</param>
public sealed record ResolvedArm(
    string Name,
    TrialPlan Plan,
    TrainerSpec? Trainer,
    ArmTrainerSpec? ArmTrainer,
    IReadOnlyList<int> Rungs,
    Metric Metric)
{
    /// <summary>The arm <paramref name="request"/> trains, of <paramref name="spec"/>.</summary>
    /// <exception cref="InputException">A searched value does not fit the spec.</exception>
    public static ResolvedArm Of(SweepSpec spec, TrialRequest request)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(request);
        var (resolved, arm) = TrialConfiguration.Resolve(spec, request.Arm, request.Parameters, request.Repeat);
        return new ResolvedArm(arm.Name, TrialPlan.For(resolved, arm, request.LearningRate), resolved.Trainer, arm.Trainer,
            SweepSearch.RungsOf(spec, arm), spec.Search.Metric);
    }
}
