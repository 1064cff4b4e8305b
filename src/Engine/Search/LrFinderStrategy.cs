using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// search.kind lr-finder (a range test alone) and lr-finder-then-grid (then <paramref name="points"/> log-spaced
/// rates over [s/√span, s·√span] around the suggestion s). When the range test failed there is nothing to grid around
/// and the arm ends.
/// </summary>
internal sealed class LrFinderStrategy(LrRangeTestSettings settings, int points = 0, double span = 0) : IArmStrategy
{
    public StagePlan? Plan(int stage, IArmProgress progress)
    {
        if (stage == 0) return new StagePlan(StageKind.LrFinder, [], settings.Min);
        if (stage > 1 || points == 0 || progress.RangeTest is not { } test) return null;
        var half = Math.Sqrt(span);
        return new StagePlan(StageKind.Grid, LogGrid.Points(test.Suggested / half, test.Suggested * half, points));
    }
}
