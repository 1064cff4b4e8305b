namespace SweepCluster.Engine.Search.Importance;

/// <summary>How much of a sweep's metric one parameter explains on its own (see <see cref="ParameterImportances"/>).</summary>
/// <param name="Parameter">The parameter's name (<c>learningRate</c>, <c>optimizer.momentum</c>, …).</param>
/// <param name="Importance">Its share of the explained variance: the shares of a sweep's parameters sum to 1 (all are 0 when none explains anything).</param>
/// <param name="Explained">The fraction of the variance of the metric's ranks that the parameter's bins explain beyond chance, in [0, 1].</param>
/// <param name="Bins">How many bins its values fell into (one per category or distinct value when there are few).</param>
public sealed record ParameterImportance(string Parameter, double Importance, double Explained, int Bins);
