using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;

namespace SweepCluster.Grains.Sweeps;

// What a refinement inherits of its parent, as Orleans carries it from the parent's coordinator to the child's: the
// outcomes as an array of structs, Engine enums by number.

[GenerateSerializer, Immutable, Alias("search.TrialOutcome")]
public readonly record struct TrialOutcomeSurrogate(
    string Key,
    int Arm,
    int Stage,
    double LearningRate,
    int Status,
    double? TrainLoss,
    double? ValidationLoss,
    double? ValidationAccuracy,
    int EpochsCompleted,
    double? InitialLoss,
    int? Verdict,
    double WallSeconds)
{
    public TrialOutcome ToOutcome() => new(Key, Arm, Stage, LearningRate, (TrialStatus)Status, TrainLoss, ValidationLoss, ValidationAccuracy,
        EpochsCompleted, InitialLoss, (Verdict?)Verdict, WallSeconds);

    public static TrialOutcomeSurrogate Of(TrialOutcome o) => new(o.Key, o.Arm, o.Stage, o.LearningRate, (int)o.Status, o.TrainLoss,
        o.ValidationLoss, o.ValidationAccuracy, o.EpochsCompleted, o.InitialLoss, (int?)o.Verdict, o.WallSeconds);
}

[RegisterConverter]
public sealed class TrialOutcomeConverter : IConverter<TrialOutcome, TrialOutcomeSurrogate>
{
    public TrialOutcome ConvertFromSurrogate(in TrialOutcomeSurrogate s) => s.ToOutcome();
    public TrialOutcomeSurrogate ConvertToSurrogate(in TrialOutcome v) => TrialOutcomeSurrogate.Of(v);
}

[GenerateSerializer, Immutable, Alias("search.SweepInheritance")]
public readonly record struct SweepInheritanceSurrogate(string ParentSweepId, int Refinements, int PointsPerRefinement, TrialOutcomeSurrogate[] Outcomes);

[RegisterConverter]
public sealed class SweepInheritanceConverter : IConverter<SweepInheritance, SweepInheritanceSurrogate>
{
    public SweepInheritance ConvertFromSurrogate(in SweepInheritanceSurrogate s) =>
        new(s.ParentSweepId, s.Refinements, s.PointsPerRefinement, Array.ConvertAll(s.Outcomes ?? [], o => o.ToOutcome()));

    public SweepInheritanceSurrogate ConvertToSurrogate(in SweepInheritance v) =>
        new(v.ParentSweepId, v.Refinements, v.PointsPerRefinement, [.. v.Outcomes.Select(TrialOutcomeSurrogate.Of)]);
}
