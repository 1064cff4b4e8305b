using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>A parsed spec written with <see cref="SpecJson.Options"/> reads back to the same spec.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void TheContractExampleSurvivesARoundTrip() => AssertRoundTrip(SpecParser.Parse(Specs.ContractExample));

    [Fact]
    public void ASpecUsingEverySectionAndArmsSurvivesARoundTrip()
    {
        using var dir = new TempDirectory();
        dir.Write("d.csv", "a,b,y\n");
        var spec = Specs.Softmax()
            .With("data", """{ "source": "csv", "path": "d.csv", "labelColumn": 2, "header": false, "trainSize": 10, "validationSize": 5 }""")
            .With("model", """{ "kind": "mlp", "hidden": [8, 4], "activation": "tanh", "l2": 0.01 }""")
            .With("optimizer", """{ "kind": "adamw", "beta1": 0.8 }""")
            .With("schedule", """{ "kind": "cyclic", "baseLr": 0.001, "stepSizeDown": 10, "unit": "epoch", "warmup": { "steps": 3, "startFactor": 0.5 } }""")
            .With("training", """{ "epochs": 4, "batchSize": "full", "maxSteps": 100, "historyEvery": 5 }""")
            .With("search", """
                { "kind": "grid", "min": 1e-4, "max": 1, "pointsPerDecade": 2, "metric": "validationAccuracy", "concurrency": 4,
                  "earlyStopping": { "kind": "asha", "reductionFactor": 2 },
                  "arms": [ { "name": "small-batch", "training": { "batchSize": 16 } },
                            { "model": { "kind": "softmax" }, "schedule": { "kind": "armijo" }, "optimizer": { "kind": "sgd", "nesterov": true, "momentum": 0.9 } } ] }
                """)
            .Parse(dir.Path);
        AssertRoundTrip(spec);
    }

    [Fact]
    public void AQuadraticSpecSurvivesARoundTrip() =>
        AssertRoundTrip(Specs.Quadratic()
            .With("model", """{ "kind": "quadratic", "hessian": [[2, 1], [1, 2]], "linear": [1, 1], "start": [0, 0] }""")
            .With("search", """{ "kind": "lr-finder-then-grid", "mode": "linear" }""").Parse());

    [Theory]
    [InlineData("schedule", """{ "kind": "multistep", "milestones": [1, 2] }""")]
    [InlineData("schedule", """{ "kind": "one-cycle", "maxLr": 1, "totalSteps": 10, "anneal": "linear" }""")]
    [InlineData("schedule", """{ "kind": "smoothness", "rule": "2/(L+mu)" }""")]
    [InlineData("schedule", """{ "kind": "inverse-time", "decay": 0.5 }""")]
    [InlineData("schedule", """{ "kind": "cosine-restarts", "t0": 4, "tMult": 2 }""")]
    [InlineData("schedule", """{ "kind": "reduce-on-plateau", "metric": "validationAccuracy" }""")]
    [InlineData("optimizer", """{ "kind": "adagrad", "lrDecay": 0.1 }""")]
    [InlineData("optimizer", """{ "kind": "rmsprop", "centered": true }""")]
    [InlineData("optimizer", """{ "kind": "adadelta" }""")]
    [InlineData("data", """{ "source": "synthetic", "task": "logistic", "seed": -3 }""")]
    [InlineData("search", """{ "kind": "grid", "learningRates": [0.1, 0.2] }""")]
    [InlineData("search", """{ "kind": "lr-finder" }""")]
    public void EachKindSurvivesARoundTrip(string section, string json) =>
        AssertRoundTrip(Specs.Softmax().With("model", """{ "kind": "logistic" }""").With(section, json).Parse());

    [Fact]
    public void ACommandTrainerWithEveryFieldAndArmOverridesSurvivesARoundTripWithoutDataOrModel()
    {
        using var dir = new TempDirectory();
        var spec = Specs.Command().With("trainer", """
            { "kind": "command", "command": ["python3", "train.py", "--lr", "{learningRate}"], "args": ["--fast"], "workingDirectory": ".",
              "env": { "OMP_NUM_THREADS": "1" }, "metrics": { "format": "regex", "pattern": "epoch (?<epoch>\\d+) loss (?<trainLoss>\\S+)" },
              "timeoutSeconds": 60, "mode": "worker" }
            """).With("search", """
            { "kind": "grid", "learningRates": [0.1, 1], "arms": [ { "name": "big", "trainer": { "args": ["--big"], "env": { "SIZE": "big" } } },
                                                                  { "name": "adam", "optimizer": { "kind": "adam" } } ] }
            """).Parse(dir.Path);
        AssertRoundTrip(spec);
        var json = JsonSerializer.Serialize(spec, SpecJson.Options);
        Assert.DoesNotContain("\"data\"", json);
        Assert.DoesNotContain("\"model\"", json);
        Assert.Equal("command", JsonDocument.Parse(json).RootElement.GetProperty("trainer").GetProperty("kind").GetString());
        var read = JsonSerializer.Deserialize<SweepSpec>(json, SpecJson.Options)!;
        Assert.IsType<ProgramModelSpec>(read.Model);
        Assert.IsType<NoDataSpec>(read.Data);
        Assert.Equal(["python3", "train.py", "--lr", "{learningRate}", "--big"], read.Trainer!.Resolve(read.Search.Arms[0].Trainer).Command);
    }

    [Fact]
    public void ANamedTrainerSurvivesARoundTrip() =>
        AssertRoundTrip(Specs.Command().With("trainer", """{ "name": "resnet", "args": ["--depth", "{training.epochs}"], "env": { "A": "1" } }""").Parse());

    [Fact]
    public void WrittenSpecsUseTheContractsSpelling()
    {
        var json = JsonSerializer.Serialize(Specs.Softmax().With("training.batchSize", "\"full\"")
            .With("schedule", """{ "kind": "smoothness", "rule": "2/(L+mu)" }""").Parse(), SpecJson.Options);
        Assert.Contains("\"batchSize\": \"full\"", json);
        // The default encoder writes '+' as \u002B (safe inside HTML); the value is the contract's all the same.
        Assert.Equal("2/(L+mu)", JsonDocument.Parse(json).RootElement.GetProperty("schedule").GetProperty("rule").GetString());
        Assert.Contains("\"source\": \"mnist\"", json);
        Assert.Contains("\n  \"optimizer\": {\n    \"kind\": \"sgd\"", json);
        Assert.DoesNotContain("null", json);
        Assert.DoesNotContain("\"arms\"", json);
        Assert.DoesNotContain("\"l2\"", json);
    }

    /// <summary>Through the parser, and through the serializer itself (for tools that read a result's "spec" back).</summary>
    private static void AssertRoundTrip(SweepSpec spec)
    {
        var json = JsonSerializer.Serialize(spec, SpecJson.Options);
        Assert.Equal(json, JsonSerializer.Serialize(SpecParser.Parse(json), SpecJson.Options));
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<SweepSpec>(json, SpecJson.Options), SpecJson.Options));
    }
}
