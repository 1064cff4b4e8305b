using System.Text.Json;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Trials;

/// <summary>
/// What one trial trains, resolved by its sweep's coordinator from the spec it parsed once (<see cref="ResolvedArm"/>):
/// the arm's sections with η, the searched values and the repeat's seed applied, the program if the spec trains one, and
/// the rungs at which the trial asks its sweep whether to go on. The spec itself never reaches a trial. The Engine's
/// section records cross grains through the surrogates in <c>Trials/Specs</c>.
/// </summary>
/// <param name="SweepId">The sweep the trial belongs to; only carried along, the trial id is the grain key.</param>
/// <param name="Arm">The arm's index in the spec (<c>SweepSpec.ResolvedArms()</c>).</param>
/// <param name="ArmName">The arm's name ("default" for the base spec's one arm).</param>
/// <param name="Stage">The search stage that asked for the trial (docs/results.md <c>stage</c>).</param>
/// <param name="Optimizer">Its <see cref="OptimizerSpec.LearningRate"/> is the trial's η.</param>
/// <param name="Trainer">The spec's command trainer; null for the built-in trainer.</param>
/// <param name="ArmTrainer">The arm's changes to that program's args and env; null for none.</param>
/// <param name="Rungs">Completed epochs at which the trial reports its metric to its sweep; empty without early stopping.</param>
/// <param name="RungMetric">The metric reported at the rungs, by number (<see cref="Engine.Spec.Metric"/>).</param>
/// <param name="Supervised">
/// The sweep's coordinator asks this trial for its status every poll while it runs, and that call is what brings it
/// back on another silo when its own is lost, so the trial registers no watchdog reminder: two reminder-table writes
/// and the reminder service's calls (often to another silo) a trial. False (a bare trial): the watchdog restarts it.
/// </param>
/// <param name="Parameters">A search over parameters: the configuration the trial trains (already applied to the sections); null for a search over η alone.</param>
/// <param name="Repeat">Which repeat of its configuration (already applied: the seed is training.seed + Repeat).</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialStart")]
public sealed record TrialStart(
    string SweepId,
    int Arm,
    string ArmName,
    int Stage,
    DataSpec Data,
    ModelSpec Model,
    OptimizerSpec Optimizer,
    ScheduleSpec Schedule,
    TrainingSpec Training,
    TrainerSpec? Trainer,
    ArmTrainerSpec? ArmTrainer,
    IReadOnlyList<int> Rungs,
    int RungMetric,
    bool Supervised = false,
    IReadOnlyList<TrialParameter>? Parameters = null,
    int Repeat = 0)
{
    /// <summary>η, as the optimizer holds it; NaN when it holds none.</summary>
    public double LearningRate => Optimizer.LearningRate ?? double.NaN;

    public Metric Metric => (Metric)RungMetric;

    /// <summary>What the engine trains.</summary>
    public TrialPlan Plan => new(Data, Model, Optimizer, Schedule, Training);

    /// <summary>This start at another η.</summary>
    public TrialStart AtRate(double learningRate) => this with { Optimizer = Optimizer with { LearningRate = learningRate } };

    /// <summary>The start of <paramref name="request"/>'s trial, <paramref name="arm"/> resolved from its sweep's spec.</summary>
    public static TrialStart Of(string sweepId, TrialRequest request, ResolvedArm arm, bool supervised)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(arm);
        var plan = arm.Plan;
        return new TrialStart(sweepId, request.Arm, arm.Name, request.Stage, plan.Data, plan.Model, plan.Optimizer, plan.Schedule,
            plan.Training, arm.Trainer, arm.ArmTrainer, arm.Rungs, (int)arm.Metric, supervised, TrialParameter.Of(request.Parameters),
            request.Repeat);
    }

    /// <summary>The start of a trial of <paramref name="spec"/> outside a sweep's coordinator (a bare trial, a benchmark).</summary>
    /// <exception cref="Engine.InputException">A searched value of <paramref name="request"/> does not fit the spec.</exception>
    public static TrialStart Of(string sweepId, SweepSpec spec, TrialRequest request, bool supervised = false) =>
        Of(sweepId, request, ResolvedArm.Of(spec, request), supervised);

    /// <summary>Why trial <paramref name="trialId"/>, started as this, cannot be started as <paramref name="other"/>.</summary>
    public string Conflict(string trialId, TrialStart other) =>
        $"trial {trialId} was started with arm {Arm}, stage {Stage}, η {LearningRate:R}, not arm {other.Arm}, stage {other.Stage}, η {other.LearningRate:R}"
        + (Arm == other.Arm && Stage == other.Stage && LearningRate.Equals(other.LearningRate) ? " with other settings." : ".");

    /// <summary>
    /// Equal starts ask for the same run, compared by value (a restored coordinator's start equals the first). The
    /// sections hold arrays, which records compare by reference: they are compared in the contract's JSON form.
    /// </summary>
    public bool Equals(TrialStart? other) =>
        other is not null && SweepId == other.SweepId && Arm == other.Arm && ArmName == other.ArmName && Stage == other.Stage
        && RungMetric == other.RungMetric && Supervised == other.Supervised && Repeat == other.Repeat
        && Rungs.SequenceEqual(other.Rungs) && (Parameters ?? []).SequenceEqual(other.Parameters ?? [])
        && Same(Data, other.Data) && Same(Model, other.Model) && Same(Optimizer, other.Optimizer) && Same(Schedule, other.Schedule)
        && Same(Training, other.Training) && Same(Trainer, other.Trainer) && Same(ArmTrainer, other.ArmTrainer);

    public override int GetHashCode() => HashCode.Combine(SweepId, Arm, Stage, LearningRate, Supervised, Repeat);

    private static bool Same<T>(T a, T b) =>
        ReferenceEquals(a, b) || JsonSerializer.SerializeToUtf8Bytes(a, SpecJson.Options).AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(b, SpecJson.Options));
}
