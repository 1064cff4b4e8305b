using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>The Sweep result JSON of docs/results.md: every contract field present, null included, and it reads back.</summary>
public sealed class SweepResultJsonTests
{
    private static SweepResult RunQuadratic(string search) =>
        new LocalSweepRunner(2).Run(Sweeps.Quadratic(search, epochs: 20), "s-abc", TestContext.Current.CancellationToken);

    private static JsonObject Json(SweepResult result) => JsonNode.Parse(JsonSerializer.Serialize(result, SpecJson.Options))!.AsObject();

    private static string[] Keys(JsonNode? node) => [.. node!.AsObject().Select(p => p.Key)];

    [Fact]
    public void EveryContractFieldIsWritten()
    {
        var json = Json(RunQuadratic("""{ "kind": "lr-finder-then-grid", "pointsPerRefinement": 3, "metric": "trainLoss" }"""));
        Assert.Equal(
            ["sweepId", "name", "status", "spec", "best", "bestByArm", "stages", "lrFinder", "lrFinderByArm", "theory", "trials", "parentSweepId", "wallSeconds", "computeSeconds", "warnings"],
            Keys(json));
        Assert.Equal("completed", (string?)json["status"]);
        Assert.Null(json["parentSweepId"]);
        Assert.Equal(["trialId", "arm", "learningRate", "validationLoss", "validationAccuracy", "trainLoss", "name"], Keys(json["best"]));
        Assert.Equal("default", (string?)json["bestByArm"]![0]!["name"]);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(json["warnings"]!.ToJsonString()).RootElement.ValueKind);
        Assert.StartsWith("s-abc/0/1/", (string?)json["best"]!["trialId"]);
        Assert.Equal(["index", "arm", "kind", "learningRates", "bestLearningRate"], Keys(json["stages"]![0]));
        Assert.Equal(["lr-finder", "grid"], json["stages"]!.AsArray().Select(s => (string?)s!["kind"]));
        Assert.Equal(["curve", "suggestions", "suggested", "wallSeconds"], Keys(json["lrFinder"]));
        Assert.Equal(["step", "learningRate", "loss", "smoothedLoss"], Keys(json["lrFinder"]!["curve"]![0]));
        Assert.Equal(["steepest", "minimumOver10", "valley"], Keys(json["lrFinder"]!["suggestions"]));
        Assert.Equal(["smoothness", "strongConvexity", "source", "stableBelow", "optimalConstant", "divergenceEdge"], Keys(json["theory"]));
        Assert.Equal(["lowestDiverged", "highestStable"], Keys(json["theory"]!["divergenceEdge"]));
        Assert.Equal("exact", (string?)json["theory"]!["source"]);
        var trials = json["trials"]!.AsArray();
        Assert.Equal(3, trials.Count);
        Assert.Equal(["s-abc/0/1/0", "s-abc/0/1/1", "s-abc/0/1/2"], trials.Select(t => (string?)t!["trialId"]));
        Assert.All(trials, t => Assert.Equal(1, (int)t!["stage"]!));
    }

    [Fact]
    public void ASweepWithoutTrialsWritesBestAsNull()
    {
        var result = RunQuadratic("""{ "kind": "lr-finder", "metric": "trainLoss" }""");
        var json = Json(result);
        Assert.True(json.ContainsKey("best"));
        Assert.Null(json["best"]);
        Assert.Equal([null], json["bestByArm"]!.AsArray().Select(b => b));
        Assert.Empty(json["trials"]!.AsArray());
        Assert.NotNull(json["lrFinder"]);
        Assert.True(result.ComputeSeconds > 0);
    }

    [Fact]
    public void TheResultReadsBack()
    {
        var result = RunQuadratic("""{ "kind": "coarse-to-fine", "min": 1e-3, "max": 1, "refinements": 1, "pointsPerRefinement": 3, "metric": "trainLoss" }""");
        var text = JsonSerializer.Serialize(result, SpecJson.Options);
        var back = JsonSerializer.Deserialize<SweepResult>(text, SpecJson.Options)!;
        Assert.Equal(text, JsonSerializer.Serialize(back, SpecJson.Options));
        // The embedded spec is a spec file: the parser reads it to the same spec.
        var spec = JsonSerializer.Serialize(result.Spec, SpecJson.Options);
        Assert.Equal(spec, JsonSerializer.Serialize(SpecParser.Parse(JsonSerializer.Serialize(back.Spec, SpecJson.Options)), SpecJson.Options));
    }
}
