using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>A search over parameters runs in one stage (kind grid) whose runs its <see cref="ParameterSearch"/> proposes.</summary>
internal sealed class SingleStageStrategy : IArmStrategy
{
    public StagePlan? Plan(int stage, IArmProgress progress) => stage == 0 ? new StagePlan(StageKind.Grid, []) : null;
}
