using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>search.kind none (one rate) and grid (a list or a log grid): one stage, all trials at once.</summary>
internal sealed class FixedGridStrategy(double[] rates) : IArmStrategy
{
    public StagePlan? Plan(int stage, IArmProgress progress) => stage == 0 ? new StagePlan(StageKind.Grid, rates) : null;
}
