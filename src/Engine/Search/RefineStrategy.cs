using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// A refinement sweep's plan for one arm: stage 0 is the rates its parent ran (all inherited, none rerun), then
/// <c>refinements</c> stages between the best rate's neighbours exactly as coarse-to-fine refines
/// (<see cref="CoarseToFineStrategy.Refinement"/>), so refining a finished coarse-to-fine search continues it.
/// </summary>
internal sealed class RefineStrategy(double[] inheritedRates, int refinements, int pointsPerRefinement) : IArmStrategy
{
    public StagePlan? Plan(int stage, IArmProgress progress)
    {
        if (stage == 0) return new StagePlan(StageKind.Grid, inheritedRates);
        return stage > refinements ? null : CoarseToFineStrategy.Refinement(progress, pointsPerRefinement);
    }
}
