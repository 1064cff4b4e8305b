using System.Text.Json.Serialization;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Theory;

/// <summary>How L and μ were obtained (docs/results.md theory.source).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SmoothnessSource>))]
public enum SmoothnessSource
{
    [JsonStringEnumMemberName("exact")] Exact,
    [JsonStringEnumMemberName("bound")] Bound,
    [JsonStringEnumMemberName("power-iteration")] PowerIteration,
}

/// <summary>
/// The smoothness L (largest curvature) and strong convexity μ (smallest, 0 when unknown or not strongly convex) of a
/// training objective, l2 included, and the classical step sizes they give plain gradient descent.
/// </summary>
public sealed record Smoothness(double L, double Mu, SmoothnessSource Source)
{
    /// <summary>2/L: constant steps above it diverge on a quadratic with top curvature L.</summary>
    public double StableBelow => 2 / L;

    /// <summary>2/(L+μ): the constant step with the best worst-case contraction.</summary>
    public double OptimalConstant => 2 / (L + Mu);

    public double StepSize(SmoothnessRule rule) => rule == SmoothnessRule.InverseL ? 1 / L : OptimalConstant;
}
