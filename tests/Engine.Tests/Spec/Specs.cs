using System.Text.Json.Nodes;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>Small valid specs to start from, and edits by dotted path, so each test shows only what it changes.</summary>
internal static class Specs
{
    /// <summary>The example of docs/spec.md, verbatim.</summary>
    public const string ContractExample = """
        {
          "name": "mnist-softmax-eta",
          "data":      { "source": "mnist", "trainSize": 8000, "validationSize": 2000 },
          "model":     { "kind": "softmax", "l2": 0.0001 },
          "optimizer": { "kind": "sgd", "learningRate": 0.1, "momentum": 0.9 },
          "schedule":  { "kind": "cosine", "tMax": 375, "warmup": { "steps": 50, "startFactor": 0.1 } },
          "training":  { "epochs": 3, "batchSize": 64, "seed": 1 },
          "search":    { "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "pointsPerDecade": 1,
                         "refinements": 2, "pointsPerRefinement": 5, "metric": "validationLoss" }
        }
        """;

    public static JsonObject Softmax() => Object("""
        { "name": "t", "data": { "source": "mnist" }, "model": { "kind": "softmax" },
          "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
        """);

    public static JsonObject Quadratic() => Object("""
        { "name": "q", "model": { "kind": "quadratic", "eigenvalues": [1, 10] },
          "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
        """);

    /// <summary>A spec training a program of its own (no data, no model): sh printing one report.</summary>
    public static JsonObject Command() => Object("""
        { "name": "c", "trainer": { "command": ["sh", "-c", "echo '{{\"epoch\": 1, \"trainLoss\": 0.5}}'", "--lr", "{learningRate}"] },
          "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
        """);

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Sets the value at a dotted path ("optimizer.momentum") to raw JSON, creating objects on the way; null removes it.</summary>
    public static JsonObject With(this JsonObject spec, string path, string? rawJson)
    {
        var parts = path.Split('.');
        var node = spec;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
            node = child;
        }
        if (rawJson is null) node.Remove(parts[^1]);
        else node[parts[^1]] = JsonNode.Parse(rawJson);
        return spec;
    }

    public static SweepSpec Parse(this JsonObject spec, string? baseDirectory = null, double? learningRateOverride = null) =>
        SpecParser.Parse(spec.ToJsonString(), baseDirectory, learningRateOverride);

    public static IReadOnlyList<SpecProblem> Problems(this JsonObject spec, string? baseDirectory = null) =>
        SpecParser.Validate(spec.ToJsonString(), baseDirectory);

    public static SpecProblem SingleProblem(this JsonObject spec) => Assert.Single(spec.Problems());

    public static SpecProblem SingleProblem(string json) => Assert.Single(SpecParser.Validate(json));
}
