using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// One dimension of <c>search.parameters</c>, keyed by <see cref="Name"/> (<c>learningRate</c> or a dotted path such as
/// <c>optimizer.momentum</c>): a range from <see cref="Min"/> to <see cref="Max"/> (sampled on its logarithm with
/// <see cref="Log"/>, whole numbers only with <see cref="Integer"/>) or a list of <see cref="Values"/>. In a grid search
/// <see cref="Points"/> (a linear range) or <see cref="PointsPerDecade"/> (a log range) say which values of a range are tried.
/// </summary>
public sealed record SearchParameter(
    string Name,
    double? Min = null,
    double? Max = null,
    bool Log = false,
    bool Integer = false,
    IReadOnlyList<ParameterValue>? Values = null,
    int? Points = null,
    double? PointsPerDecade = null)
{
    /// <summary>The name that stands for η, the optimizer's learning rate.</summary>
    public const string LearningRate = "learningRate";

    public bool IsRange => Values is null;
}
