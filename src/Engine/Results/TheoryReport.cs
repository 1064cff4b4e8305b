using System.Text.Json.Serialization;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Results;

/// <summary>
/// Where the sweep's own plain runs (SGD without momentum at a constant rate) started to diverge: the smallest
/// diverged rate and the largest rate that completed. Either is null when no such run exists.
/// </summary>
public sealed record DivergenceEdge(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? LowestDiverged,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? HighestStable);

/// <summary>
/// Theory beside practice for the first arm (docs/results.md theory): L and μ of its training objective, the classical
/// bounds 2/L and 2/(L+μ) of plain gradient descent, and the divergence edge the sweep found (null when the first
/// arm is not plain SGD at a constant rate).
/// </summary>
public sealed record TheoryReport(
    double Smoothness,
    double StrongConvexity,
    SmoothnessSource Source,
    double StableBelow,
    double OptimalConstant,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] DivergenceEdge? DivergenceEdge);
