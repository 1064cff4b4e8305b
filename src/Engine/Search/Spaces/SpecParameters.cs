using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// A trial's spec from its configuration: each parameter's value set at its path (<c>learningRate</c> is the optimizer's
/// η; <c>trainer.env.NAME</c> an environment value, as text), every other field as the spec has it. The values are set
/// in the spec's JSON form, so any field the spec can write can be set, the trainer's too once the spec has one.
/// </summary>
public static class SpecParameters
{
    /// <summary>The spec a trial with these named values trains.</summary>
    public static SweepSpec Apply(SweepSpec spec, IReadOnlyDictionary<string, ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Apply<SweepSpec>(JsonSerializer.SerializeToNode(spec, SpecJson.Options)!.AsObject(), values);
    }

    /// <summary>The spec a trial at <paramref name="point"/> of <paramref name="space"/> trains.</summary>
    public static SweepSpec Apply(SweepSpec spec, SearchSpace space, SearchPoint point) => Apply(spec, space.Describe(point));

    /// <summary>
    /// One arm with these named values; <c>trainer.*</c> parameters need the whole spec (<see cref="Apply(SweepSpec, IReadOnlyDictionary{string, ParameterValue})"/>).
    /// </summary>
    public static ArmSpec Apply(ArmSpec arm, IReadOnlyDictionary<string, ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(arm);
        if (values.Keys.FirstOrDefault(k => ParameterPaths.Target(k)[0] == "trainer") is { } trainer)
            throw new InvalidOperationException($"Parameter '{trainer}' sets the trainer, which an arm does not hold: apply it to the spec.");
        return Apply<ArmSpec>(JsonSerializer.SerializeToNode(arm, SpecJson.Options)!.AsObject(), values);
    }

    private static T Apply<T>(JsonObject json, IReadOnlyDictionary<string, ParameterValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (name, value) in values)
        {
            if (ParameterPaths.Problem(name) is { } problem) throw new InputException($"search parameter {problem}");
            Set(json, ParameterPaths.Target(name), ParameterPaths.IsText(name) || value.IsText ? JsonValue.Create(value.ToString()) : JsonValue.Create(value.Number));
        }
        return json.Deserialize<T>(SpecJson.Options) ?? throw new InvalidOperationException("A spec wrote itself as JSON null.");
    }

    private static void Set(JsonObject json, string[] target, JsonNode value)
    {
        var node = json;
        foreach (var part in target[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        node[target[^1]] = value;
    }
}
