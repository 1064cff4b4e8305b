namespace SweepCluster.Grains.Trials;

/// <summary>
/// What one trial trains: arm <see cref="Arm"/> of the spec, at η = <see cref="LearningRate"/>. The spec travels as the
/// JSON text <c>SpecJson</c> writes (and <c>SpecParser</c> reads back to an equal spec), so the Engine's records never
/// need an Orleans codec and what is stored in grain state is the contract's own format.
/// </summary>
/// <param name="SweepId">The sweep the trial belongs to; only carried along, the trial id is the grain key.</param>
/// <param name="Arm">Index into <c>SweepSpec.ResolvedArms()</c>.</param>
/// <param name="Stage">The search stage that asked for the trial (docs/results.md <c>stage</c>).</param>
/// <param name="SpecJson">The whole spec, written with <c>SpecJson.Options</c>.</param>
/// <param name="Supervised">
/// The sweep's coordinator asks this trial for its status every poll while it runs, and that call is what brings it
/// back on another silo when its own is lost, so the trial registers no watchdog reminder: two reminder-table writes
/// and the reminder service's calls (often to another silo) a trial. False (a bare trial, or one stored before this
/// field): the watchdog restarts it.
/// </param>
/// <param name="Parameters">
/// A search over parameters: the configuration the trial trains, set into the spec at their paths
/// (<see cref="TrialPlans.Resolve"/>); null for a search over η alone, and for a trial stored before this field.
/// </param>
/// <param name="Repeat">Which repeat of its configuration: the trial trains with seed training.seed + Repeat.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialStart")]
public sealed record TrialStart(
    string SweepId,
    int Arm,
    int Stage,
    double LearningRate,
    string SpecJson,
    bool Supervised = false,
    IReadOnlyList<TrialParameter>? Parameters = null,
    int Repeat = 0)
{
    /// <summary>Equal starts ask for the same run: the configuration is compared by value (a restored coordinator's start equals the first).</summary>
    public bool Equals(TrialStart? other) =>
        other is not null && SweepId == other.SweepId && Arm == other.Arm && Stage == other.Stage && LearningRate.Equals(other.LearningRate)
        && SpecJson == other.SpecJson && Supervised == other.Supervised && Repeat == other.Repeat
        && (Parameters ?? []).SequenceEqual(other.Parameters ?? []);

    public override int GetHashCode() => HashCode.Combine(SweepId, Arm, Stage, LearningRate, SpecJson, Supervised, Repeat);
}
