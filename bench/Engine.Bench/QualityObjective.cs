using System.Text.Json.Nodes;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// A deterministic function of a configuration that a search minimises, for comparing samplers: the same configuration
/// always scores the same, so every sampler (ours in this process, Optuna's through <see cref="ObjectiveServer"/>) sees
/// one landscape.
/// </summary>
internal interface IQualityObjective
{
    string Name { get; }

    SearchSpace Space { get; }

    /// <summary>The value to minimise; always finite (a diverged run scores the objective's worst value).</summary>
    double Evaluate(IReadOnlyDictionary<string, ParameterValue> configuration);
}

internal static class QualityObjectives
{
    public static readonly string[] Names = ["quadratic", "mnist"];

    public static IQualityObjective Create(string name) => name switch
    {
        "quadratic" => new QuadraticMomentumObjective(),
        "mnist" => new MnistSoftmaxObjective(),
        _ => throw new ArgumentException($"unknown objective '{name}': use one of {string.Join(", ", Names)}"),
    };

    /// <summary>The space as JSON, for the Python side to declare the same distributions to Optuna.</summary>
    public static JsonArray Describe(SearchSpace space)
    {
        var array = new JsonArray();
        foreach (var d in space.Dimensions)
        {
            array.Add(d switch
            {
                FloatDimension f => new JsonObject { ["name"] = f.Name, ["kind"] = "float", ["min"] = f.Min, ["max"] = f.Max, ["log"] = f.Log },
                IntegerDimension i => new JsonObject { ["name"] = i.Name, ["kind"] = "int", ["min"] = i.Min, ["max"] = i.Max, ["log"] = i.Log },
                CategoricalDimension c => new JsonObject
                {
                    ["name"] = c.Name, ["kind"] = "categorical",
                    ["values"] = new JsonArray([.. c.Values.Select(v => v.IsText ? JsonValue.Create(v.Text) : (JsonNode?)JsonValue.Create(v.Number))]),
                },
                _ => throw new NotSupportedException(d.GetType().Name),
            });
        }
        return array;
    }
}
