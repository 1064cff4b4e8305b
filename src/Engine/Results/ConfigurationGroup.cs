using System.Text.Json.Serialization;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Results;

/// <summary>
/// The trials of one configuration (one per repeat, seeds training.seed, +1, …) and its metric over them, which ranks it.
/// </summary>
/// <param name="Parameters">The configuration's values by parameter name.</param>
/// <param name="Mean">The mean of the search's metric over the trials that finished with one; null when none did.</param>
/// <param name="Std">Their standard deviation (n − 1 in the denominator); null with fewer than two.</param>
/// <param name="N">How many trials the mean is over.</param>
public sealed record ConfigurationGroup(
    IReadOnlyDictionary<string, ParameterValue> Parameters,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Mean,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? Std,
    int N,
    IReadOnlyList<string> TrialIds);
