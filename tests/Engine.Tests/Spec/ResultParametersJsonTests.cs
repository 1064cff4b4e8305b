using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Search;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>Trial.parameters and the Sweep result's groups: written only when a search has them, so η sweeps write as before.</summary>
public sealed class ResultParametersJsonTests
{
    private static readonly Dictionary<string, ParameterValue> Configuration = new()
    {
        ["learningRate"] = ParameterValue.Of(0.01),
        ["optimizer.momentum"] = ParameterValue.Of(0.9),
        ["training.batchSize"] = ParameterValue.Of("full"),
    };

    private static SweepResult Sweep() =>
        new LocalSweepRunner(2).Run(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.02] }""", epochs: 5), "s-p", TestContext.Current.CancellationToken);

    private static JsonObject Json<T>(T value) => JsonSerializer.SerializeToNode(value, SpecJson.Options)!.AsObject();

    [Fact]
    public void AnEtaSweepWritesNeitherParametersNorGroups()
    {
        var json = Json(Sweep());
        Assert.False(json.ContainsKey("groups"));
        Assert.All(json["trials"]!.AsArray(), t => Assert.False(t!.AsObject().ContainsKey("parameters")));
    }

    [Fact]
    public void ATrialWritesItsParametersAsNamedNumbersAndStringsAndReadsThemBack()
    {
        var trial = Sweep().Trials[0] with { Parameters = Configuration };
        var json = JsonSerializer.Serialize(trial, SpecJson.Options);
        Assert.Equal("""{"learningRate":0.01,"optimizer.momentum":0.9,"training.batchSize":"full"}""", Json(trial)["parameters"]!.ToJsonString());
        Assert.Equal(Configuration, JsonSerializer.Deserialize<Trial>(json, SpecJson.Options)!.Parameters);
    }

    [Fact]
    public void GroupsAreWrittenWithTheirContractNamesAndReadBack()
    {
        var result = Sweep();
        var group = new ConfigurationGroup(Configuration, 0.25, null, 1, [result.Trials[0].TrialId]);
        var json = Json(result with { Groups = [group] });
        Assert.Equal(["parameters", "mean", "std", "n", "trialIds"], json["groups"]![0]!.AsObject().Select(p => p.Key));
        Assert.Null(json["groups"]![0]!["std"]);
        var back = JsonSerializer.Deserialize<SweepResult>(json.ToJsonString(), SpecJson.Options)!.Groups!.Single();
        Assert.Equal((group.Mean, group.Std, group.N, group.TrialIds[0]), (back.Mean, back.Std, back.N, back.TrialIds[0]));
        Assert.Equal(Configuration, back.Parameters);
    }

    [Fact]
    public void TheCsvHasOneColumnPerParameterBesideLearningRate()
    {
        var result = Sweep();
        var spec = SearchParametersTests.Example().With("search.parameters", """
            { "learningRate": { "min": 1e-3, "max": 1, "log": true }, "optimizer.momentum": { "min": 0, "max": 0.9 }, "training.batchSize": { "values": [64, "full"] } }
            """).Parse();
        var csv = TrialCsv.Write(result with { Spec = spec, Trials = [result.Trials[0] with { Parameters = Configuration }, result.Trials[1]] });
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Split(',')).ToArray();
        Assert.Equal([.. TrialCsv.Columns, "optimizer.momentum", "training.batchSize"], rows[0]);
        Assert.Equal(["0.9", "full"], rows[1][^2..]);
        Assert.Equal(["", ""], rows[2][^2..]);
        Assert.Equal(TrialCsv.Columns, TrialCsv.ColumnsOf(result.Spec));
        Assert.Equal(TrialCsv.Columns, TrialCsv.Write(result).Split("\r\n")[0].Split(','));
    }
}
