using SweepCluster.Engine.Search;
using SweepCluster.Grains.Trials.Ends;

namespace SweepCluster.Grains.Sweeps;

// What a refinement inherits of its parent, as Orleans carries it from the parent's coordinator to the child's: the
// outcomes as an array of structs (Trials/Ends/OutcomeCodec.cs).

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
