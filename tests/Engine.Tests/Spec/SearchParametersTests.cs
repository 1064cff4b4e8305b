using System.Text.Json;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>The shape of search.parameters and of the random, tpe and grid searches over them, repeats and median stopping.</summary>
public sealed class SearchParametersTests
{
    /// <summary>The search section of the documented example of searches beyond η.</summary>
    public const string TpeExample = """
        { "kind": "tpe", "trials": 60,
          "parameters": {
            "learningRate":          { "min": 1e-5, "max": 1, "log": true },
            "optimizer.momentum":    { "min": 0.0, "max": 0.99 },
            "optimizer.weightDecay": { "min": 1e-6, "max": 1e-2, "log": true },
            "training.batchSize":    { "values": [32, 64, 128, 256] },
            "schedule.warmup.steps": { "min": 0, "max": 500, "integer": true }
          },
          "repeats": 3,
          "earlyStopping": { "kind": "median", "warmupEpochs": 1, "minTrials": 5 },
          "seed": 0 }
        """;

    public static System.Text.Json.Nodes.JsonObject Example() => Specs.Object(Specs.ContractExample).With("search", TpeExample);

    [Fact]
    public void TheDocumentedTpeExampleIsValidOnTheDocumentedSpec()
    {
        var search = Example().Parse().Search;
        var tpe = Assert.IsType<TpeSearchSpec>(search);
        Assert.Equal((60, 0, 3), (tpe.Trials, tpe.Seed, tpe.Repeats));
        Assert.Equal(new MedianStoppingSpec(1, 5), tpe.EarlyStoppingRule);
        Assert.Null(tpe.EarlyStopping);
        Assert.Equal(["learningRate", "optimizer.momentum", "optimizer.weightDecay", "training.batchSize", "schedule.warmup.steps"],
            tpe.Parameters!.Select(p => p.Name));
        Assert.Equal(new SearchParameter("learningRate", 1e-5, 1, Log: true), tpe.Parameters![0]);
        Assert.Equal([32.0, 64, 128, 256], tpe.Parameters![3].Values!.Select(v => v.Number));
        Assert.True(tpe.Parameters![4].Integer);
    }

    [Fact]
    public void RandomTakesTheSameFieldsWithTheirDefaults()
    {
        var search = Assert.IsType<RandomSearchSpec>(Specs.Softmax()
            .With("search", """{ "kind": "random", "trials": 5, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""").Parse().Search);
        Assert.Equal((5, 0, 1, Metric.ValidationLoss), (search.Trials, search.Seed, search.Repeats, search.Metric));
        Assert.Null(search.EarlyStoppingRule);
    }

    [Fact]
    public void TheExampleSurvivesARoundTripThroughTheParserAndTheSerializer()
    {
        var spec = Example().Parse();
        var json = JsonSerializer.Serialize(spec, SpecJson.Options);
        Assert.Equal(json, JsonSerializer.Serialize(SpecParser.Parse(json), SpecJson.Options));
        Assert.Equal(json, JsonSerializer.Serialize(JsonSerializer.Deserialize<SweepSpec>(json, SpecJson.Options), SpecJson.Options));
        Assert.Contains("\"optimizer.momentum\": {", json);
        Assert.Contains("\"repeats\": 3", json);
    }

    [Fact]
    public void ASearchWithoutRepeatsOrParametersIsWrittenAsBefore()
    {
        var json = JsonSerializer.Serialize(SpecParser.Parse(Specs.ContractExample), SpecJson.Options);
        Assert.DoesNotContain("repeats", json);
        Assert.DoesNotContain("parameters", json);
    }

    [Fact]
    public void AshaIsStillWrittenWithItsKind()
    {
        var spec = Specs.Softmax().With("search", """{ "kind": "grid", "learningRates": [0.1], "earlyStopping": { "kind": "asha" } }""").Parse();
        Assert.Equal(new AshaSpec(3, 1), spec.Search.EarlyStopping);
        Assert.Contains("\"kind\": \"asha\"", JsonSerializer.Serialize(spec, SpecJson.Options));
    }

    [Theory]
    [InlineData("coarse-to-fine")]
    [InlineData("lr-finder")]
    [InlineData("lr-finder-then-grid")]
    [InlineData("none")]
    public void TheSearchesOverEtaAloneRefuseParametersNamingTheirKind(string kind)
    {
        var problem = Specs.Softmax().With("search", $$"""{ "kind": "{{kind}}", "parameters": { "optimizer.momentum": { "min": 0, "max": 0.9 } } }""").SingleProblem();
        Assert.Equal("$.search.parameters", problem.Path);
        Assert.StartsWith($"is not allowed with the {kind} search, which searches η alone", problem.Message);
    }

    [Theory]
    [InlineData("""{ "kind": "random", "trials": 4, "parameters": { "learningRate": { "min": 0.01, "max": 1 } }, "arms": [ { "name": "a" } ] }""", "the random search")]
    [InlineData("""{ "kind": "tpe", "trials": 4, "parameters": { "learningRate": { "min": 0.01, "max": 1 } }, "arms": [ { "name": "a" } ] }""", "the tpe search")]
    [InlineData("""{ "kind": "grid", "parameters": { "learningRate": { "values": [0.1] } }, "arms": [ { "name": "a" } ] }""", "a grid over parameters")]
    public void ArmsAreRefusedBesideParameters(string search, string what)
    {
        var problem = Specs.Softmax().With("search", search).SingleProblem();
        Assert.Equal("$.search.arms", problem.Path);
        Assert.StartsWith($"is not allowed with search.parameters ({what}): each arm searches η alone", problem.Message);
    }

    [Theory]
    [InlineData("""{ "kind": "random", "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.trials", "is required for the random search")]
    [InlineData("""{ "kind": "tpe", "trials": 4 }""", "$.search.parameters", "is required for the tpe search")]
    [InlineData("""{ "kind": "random", "trials": 0, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.trials", "0 is not allowed; must be ≥ 1")]
    [InlineData("""{ "kind": "random", "trials": 100001, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.trials", "100001 is too large; must be ≤ 100,000")]
    [InlineData("""{ "kind": "tpe", "trials": 5, "seed": -1, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.seed", "-1 is not allowed; must be ≥ 0")]
    [InlineData("""{ "kind": "random", "trials": 5, "repeats": 0, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.repeats", "0 is not allowed; must be ≥ 1")]
    [InlineData("""{ "kind": "coarse-to-fine", "repeats": 101 }""", "$.search.repeats", "101 is too large; must be ≤ 100")]
    [InlineData("""{ "kind": "random", "trials": 50000, "repeats": 3, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "$.search.repeats", "50,000 trials × 3 repeats is 150,000 runs, more than the limit of 100,000")]
    [InlineData("""{ "kind": "coarse-to-fine", "trials": 5 }""", "$.search.trials", "\"trials\" is not a field of the coarse-to-fine search")]
    [InlineData("""{ "kind": "random", "trials": 5, "parameters": {} }""", "$.search.parameters", "the object is empty; give at least one parameter")]
    [InlineData("""{ "kind": "random", "trials": 5, "parameters": [] }""", "$.search.parameters", "expected an object, found an array")]
    public void SearchFieldsAreChecked(string search, string path, string message)
    {
        var problem = Specs.Softmax().With("search", search).SingleProblem();
        Assert.Equal(path, problem.Path);
        Assert.StartsWith(message, problem.Message);
    }

    [Fact]
    public void RepeatsAreAllowedWithEverySearchKind()
    {
        Assert.Equal(4, Specs.Softmax().With("search", """{ "kind": "coarse-to-fine", "repeats": 4 }""").Parse().Search.Repeats);
        Assert.Equal(2, Specs.Softmax().With("search", """{ "kind": "none", "repeats": 2 }""").Parse().Search.Repeats);
    }

    [Theory]
    [InlineData("""{ "min": 0.1 }""", "$.search.parameters[\"optimizer.momentum\"].max", "is required for the parameter optimizer.momentum")]
    [InlineData("""{ "log": true }""", "$.search.parameters[\"optimizer.momentum\"]", "needs min and max (a range) or values (a list)")]
    [InlineData("""{ "min": 0.5, "max": 0.1 }""", "$.search.parameters[\"optimizer.momentum\"].max", "0.1 is not allowed; must be ≥ min (0.5)")]
    [InlineData("""{ "min": 0, "max": 0.5, "log": true }""", "$.search.parameters[\"optimizer.momentum\"].min", "0 is not allowed with \"log\": true; must be > 0")]
    [InlineData("""{ "min": 0, "max": 0.5, "integer": true }""", "$.search.parameters[\"optimizer.momentum\"].max", "0.5 is not allowed with \"integer\": true; must be a whole number")]
    [InlineData("""{ "min": 0, "max": 0.5, "values": [0.1] }""", "$.search.parameters[\"optimizer.momentum\"].values", "give either values (a list) or min and max (a range), not both")]
    [InlineData("""{ "values": [] }""", "$.search.parameters[\"optimizer.momentum\"].values", "the list is empty")]
    [InlineData("""{ "values": [0.1, true] }""", "$.search.parameters[\"optimizer.momentum\"].values[1]", "expected a number or a string, found true")]
    [InlineData("""{ "values": [0.1, 0.5, 0.1] }""", "$.search.parameters[\"optimizer.momentum\"].values[2]", "0.1 is already values[0]; list each value once")]
    [InlineData("""{ "values": [0.1], "log": true }""", "$.search.parameters[\"optimizer.momentum\"].log", "applies to a range (min and max), not to a list of values")]
    [InlineData("""{ "min": 0, "max": 0.5, "points": 3 }""", "$.search.parameters[\"optimizer.momentum\"].points", "is only for grid searches; the random search samples the whole range")]
    [InlineData("""{ "min": 0, "max": 0.5, "step": 3 }""", "$.search.parameters[\"optimizer.momentum\"].step", "\"step\" is not a field of the parameter optimizer.momentum; allowed: values, min, max, log, integer")]
    [InlineData("\"0.5\"", "$.search.parameters[\"optimizer.momentum\"]", "expected an object, found string \"0.5\"")]
    public void EachParameterIsARangeOrAListOfValues(string body, string path, string message)
    {
        var problem = Specs.Softmax()
            .With("search", $$"""{ "kind": "random", "trials": 5, "parameters": { "optimizer.momentum": {{body}} } }""").SingleProblem();
        Assert.Equal(path, problem.Path);
        Assert.StartsWith(message, problem.Message);
    }

    [Theory]
    [InlineData("momentum", "\"momentum\" is not a parameter name; give learningRate or a dotted path into optimizer, schedule, training, model, trainer (e.g. \"optimizer.momentum\")")]
    [InlineData("learningrate", "\"learningrate\" is not a parameter name; give learningRate or a dotted path into optimizer, schedule, training, model, trainer (e.g. \"optimizer.momentum\") (did you mean \"learningRate\"?)")]
    [InlineData("data.trainSize", "\"data.trainSize\" is not a parameter name: \"data\" is not a section a search may set; allowed: optimizer, schedule, training, model, trainer")]
    [InlineData("optimizr.momentum", "\"optimizr.momentum\" is not a parameter name: \"optimizr\" is not a section a search may set; allowed: optimizer, schedule, training, model, trainer (did you mean \"optimizer\"?)")]
    [InlineData("optimizer..momentum", "\"optimizer..momentum\" has an empty part; join field names with single dots, e.g. \"optimizer.momentum\"")]
    [InlineData("optimizer.learningRate", "\"optimizer.learningRate\" is η, which search.parameters calls \"learningRate\"")]
    [InlineData("trainer.args", "\"trainer.args\" cannot be searched: of the trainer only environment values can (\"trainer.env.NAME\"); its command and args are fixed")]
    public void ParameterNamesAreLearningRateOrPathsIntoTheSectionsASearchMaySet(string name, string message)
    {
        var problem = Specs.Softmax()
            .With("search", $$"""{ "kind": "random", "trials": 5, "parameters": { "{{name}}": { "min": 0.1, "max": 0.5 } } }""").SingleProblem();
        Assert.Equal(name.Contains('.') ? $"$.search.parameters[\"{name}\"]" : $"$.search.parameters.{name}", problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void TooManyParametersAreRefused()
    {
        var many = string.Join(", ", Enumerable.Range(0, 33).Select(i => $"\"model.x{i}\": {{ \"values\": [1] }}"));
        var problem = Specs.Softmax().With("search", $$"""{ "kind": "random", "trials": 5, "parameters": { {{many}} } }""").SingleProblem();
        Assert.Equal(("$.search.parameters", "33 parameters is more than the limit of 32"), (problem.Path, problem.Message));
    }

    [Fact]
    public void WithoutALearningRateParameterTheSpecMustGiveTheRate()
    {
        var spec = Specs.Softmax().With("optimizer", """{ "kind": "sgd" }""")
            .With("search", """{ "kind": "random", "trials": 5, "parameters": { "optimizer.momentum": { "min": 0, "max": 0.9 } } }""");
        var problem = spec.SingleProblem();
        Assert.Equal("$.optimizer.learningRate", problem.Path);
        Assert.StartsWith("is required for the sgd optimizer when search.parameters has no learningRate", problem.Message);
        // A learningRate parameter supplies η; adam has PyTorch's default.
        Assert.Empty(spec.With("optimizer", """{ "kind": "adam" }""").With("search.parameters", """{ "optimizer.beta1": { "min": 0.8, "max": 0.95 } }""").Problems());
        Assert.Null(Specs.Softmax().With("optimizer", """{ "kind": "sgd" }""")
            .With("search", """{ "kind": "random", "trials": 5, "parameters": { "learningRate": { "min": 0.01, "max": 1, "log": true } } }""").Parse().Optimizer.LearningRate);
    }

    [Theory]
    [InlineData("""{ "kind": "median" }""", 1, 5)]
    [InlineData("""{ "kind": "median", "warmupEpochs": 0, "minTrials": 2 }""", 0, 2)]
    public void MedianStoppingHasOptunasRuleWithItsDefaults(string rule, int warmupEpochs, int minTrials) =>
        Assert.Equal(new MedianStoppingSpec(warmupEpochs, minTrials),
            Specs.Softmax().With("training", """{ "epochs": 3 }""").With("search", $$"""{ "kind": "coarse-to-fine", "earlyStopping": {{rule}} }""").Parse().Search.EarlyStoppingRule);

    [Theory]
    [InlineData("""{ "kind": "median", "warmupEpochs": -1 }""", "$.search.earlyStopping.warmupEpochs", "-1 is not allowed; must be ≥ 0")]
    [InlineData("""{ "kind": "median", "minTrials": 0 }""", "$.search.earlyStopping.minTrials", "0 is not allowed; must be ≥ 1")]
    [InlineData("""{ "kind": "median", "reductionFactor": 3 }""", "$.search.earlyStopping.reductionFactor", "\"reductionFactor\" is not a field of median early stopping; allowed: kind, warmupEpochs, minTrials")]
    [InlineData("""{ "kind": "median", "warmupEpochs": 3 }""", "$.search.earlyStopping.warmupEpochs", "3 is not less than the 3 epochs of training.epochs; the median rule only compares epochs past the warmup")]
    [InlineData("""{ "kind": "mean" }""", "$.search.earlyStopping.kind", "\"mean\" is not an early-stopping kind; allowed: asha, median (did you mean \"median\"?)")]
    public void MedianStoppingFieldsAreChecked(string rule, string path, string message)
    {
        var problem = Specs.Softmax().With("training", """{ "epochs": 3 }""").With("search", $$"""{ "kind": "grid", "learningRates": [0.1], "earlyStopping": {{rule}} }""").SingleProblem();
        Assert.Equal((path, message), (problem.Path, problem.Message));
    }

    [Fact]
    public void ParameterValuesAreNumbersOrStrings()
    {
        var search = Specs.Softmax().With("search", """
            { "kind": "random", "trials": 3, "parameters": { "training.batchSize": { "values": [32, "full"] }, "schedule.kind": { "values": ["constant"] } } }
            """).Parse().Search;
        Assert.Equal([ParameterValue.Of(32), ParameterValue.Of("full")], search.Parameters![0].Values);
        Assert.Equal([ParameterValue.Of("constant")], search.Parameters![1].Values);
    }
}
