using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// search.kind coarse-to-fine: a coarse log grid, then <c>refinements</c> stages of <c>pointsPerRefinement</c>
/// log-spaced rates strictly between the best rate's two neighbours among the rates run so far. When the best rate is
/// the smallest or largest run, the missing neighbour is taken one spacing (its other neighbour's) further out, so
/// the search walks past min or max. A rate of the grid already run (the best itself, for an odd count) is covered
/// by the stage but not run again.
/// </summary>
internal sealed class CoarseToFineStrategy(CoarseToFineSearchSpec spec) : IArmStrategy
{
    public StagePlan? Plan(int stage, IArmProgress progress)
    {
        if (stage == 0) return new StagePlan(StageKind.Grid, LogGrid.PerDecade(spec.Min, spec.Max, spec.PointsPerDecade));
        return stage > spec.Refinements ? null : Refinement(progress, spec.PointsPerRefinement);
    }

    /// <summary>A refine stage of <paramref name="points"/> rates around the best rate so far; null before there is one.</summary>
    public static StagePlan? Refinement(IArmProgress progress, int points)
    {
        if (progress.BestRate is not double best) return null;
        var (low, high) = Neighbours(best, progress.RunRates);
        return new StagePlan(StageKind.Refine, LogGrid.Interior(low, high, points));
    }

    /// <summary>The run rates either side of <paramref name="best"/>, mirrored in log space where one is missing.</summary>
    public static (double Low, double High) Neighbours(double best, IReadOnlyList<double> runRates)
    {
        double? low = null, high = null;
        foreach (var rate in runRates)
        {
            if (LogGrid.Same(rate, best, LogGrid.RerunTolerance)) continue;
            if (rate < best) low = rate;
            else if (high is null) high = rate;
        }
        return (low, high) switch
        {
            (double l, double h) => (l, h),
            (double l, null) => (l, best * (best / l)),
            (null, double h) => (best / (h / best), h),
            _ => (best / 10, best * 10),
        };
    }
}
