using System.Text.Json.Nodes;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>
/// Each bound and value of a searched parameter is held to the rules of the field it sets, with a message naming the
/// parameter's path, the value and what the field allows.
/// </summary>
public sealed class ParameterValueRulesTests
{
    private static JsonObject Sgd() => Specs.Object(Specs.ContractExample);

    private static JsonObject Searching(JsonObject spec, string parameters) =>
        spec.With("search", $$"""{ "kind": "random", "trials": 8, "parameters": {{parameters}} }""");

    /// <summary>A name that is not an identifier is written in brackets: $.search.parameters["optimizer.momentum"].</summary>
    private static string Key(string name) => name.Contains('.') ? $"$.search.parameters[\"{name}\"]" : $"$.search.parameters.{name}";

    [Fact]
    public void AMomentumAboveItsRangeNamesTheBoundTheValueAndTheRule()
    {
        var problem = Searching(Sgd(), """{ "optimizer.momentum": { "min": 0, "max": 1.5 } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"optimizer.momentum\"].max: 1.5 is not allowed for optimizer.momentum; must be in [0, 1)", problem.ToString());
    }

    [Fact]
    public void AFieldTheOptimizerDoesNotHaveIsNamedWithTheFieldsItHas()
    {
        var spec = Sgd().With("optimizer", """{ "kind": "adam", "learningRate": 0.001 }""");
        var problem = Searching(spec, """{ "optimizer.momentum": { "min": 0, "max": 0.9 } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"optimizer.momentum\"]", problem.Path);
        Assert.Equal("the spec has no optimizer.momentum: $.optimizer.momentum: \"momentum\" is not a field of the adam optimizer; " +
                     "allowed: kind, learningRate, weightDecay, beta1, beta2, eps, amsgrad", problem.Message);
    }

    [Theory]
    [InlineData("training.batchSize", """{ "values": [0, 64] }""", ".values[0]", "0 is not allowed for training.batchSize; must be ≥ 1")]
    [InlineData("training.batchSize", """{ "values": [64, "half"] }""", ".values[1]", "\"half\" is not allowed for training.batchSize; give an integer ≥ 1 or \"full\"")]
    [InlineData("training.epochs", """{ "min": 1, "max": 2000000, "integer": true }""", ".max", "2000000 is not allowed for training.epochs: it is too large; must be ≤ 1,000,000")]
    [InlineData("schedule.kind", """{ "values": ["cosine", "cosin"] }""", ".values[1]", "\"cosin\" is not allowed for schedule.kind: it is not a schedule kind; allowed: constant, step, multistep, exponential, inverse-time, cosine, cosine-restarts, cyclic, one-cycle, reduce-on-plateau, armijo, smoothness (did you mean \"cosine\"?)")]
    [InlineData("learningRate", """{ "min": 0, "max": 1 }""", ".min", "0 is not allowed for learningRate; must be > 0")]
    [InlineData("optimizer.weightDecay", """{ "min": -1e-4, "max": 1e-2 }""", ".min", "-1e-4 is not allowed for optimizer.weightDecay; must be ≥ 0")]
    [InlineData("model.l2", """{ "values": [0, -1] }""", ".values[1]", "-1 is not allowed for model.l2; must be ≥ 0")]
    [InlineData("schedule.warmup.startFactor", """{ "min": 0, "max": 1 }""", ".min", "0 is not allowed for schedule.warmup.startFactor; must be in (0, 1]")]
    [InlineData("optimizer.nesterov", """{ "values": ["yes"] }""", ".values[0]", "\"yes\" is not allowed for optimizer.nesterov: expected true or false, found string \"yes\"")]
    public void AValueTheFieldDoesNotAllowIsReportedAtTheValue(string name, string body, string where, string message)
    {
        var problem = Searching(Sgd(), $$"""{ "{{name}}": {{body}} }""").SingleProblem();
        Assert.Equal($"{Key(name)}{where}", problem.Path);
        Assert.Equal(message, problem.Message);
    }

    [Fact]
    public void AKindThatBreaksTheRestOfItsSectionNamesTheFieldItBreaks()
    {
        var problems = Searching(Sgd(), """{ "schedule.kind": { "values": ["cosine", "step"] } }""").Problems();
        Assert.All(problems, p => Assert.Equal("$.search.parameters[\"schedule.kind\"].values[1]", p.Path));
        Assert.Contains(problems, p => p.Message == "\"step\" is not allowed for schedule.kind: $.schedule.stepSize: is required for the step schedule");
        Assert.Contains(problems, p => p.Message.StartsWith("\"step\" is not allowed for schedule.kind: $.schedule.tMax: \"tMax\" is not a field of the step schedule", StringComparison.Ordinal));
    }

    [Fact]
    public void ARealRangeOverAWholeNumberFieldAsksForInteger()
    {
        var problem = Searching(Sgd(), """{ "training.batchSize": { "min": 16, "max": 256 } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"training.batchSize\"]", problem.Path);
        Assert.Equal("136.5 is not allowed for training.batchSize: expected an integer, found 136.5" +
                     "; the range from 16 to 256 holds such values: add \"integer\": true, or give values", problem.Message);
        Assert.Empty(Searching(Sgd(), """{ "training.batchSize": { "min": 16, "max": 256, "integer": true } }""").Problems());
    }

    [Theory]
    [InlineData("model.hidden", """{ "kind": "mlp", "hidden": [16] }""", "model.hidden is a list in the spec; a parameter sets one number or string")]
    [InlineData("schedule.warmup", null, "schedule.warmup is an object in the spec; a parameter sets one number or string")]
    [InlineData("optimizer.momentum.x", null, "the spec has no optimizer.momentum.x: optimizer.momentum is a single value, not an object with fields")]
    public void OnlyScalarFieldsCanBeSearched(string name, string? model, string message)
    {
        var spec = model is null ? Sgd() : Sgd().With("model", model);
        var problem = Searching(spec, $$"""{ "{{name}}": { "values": [1, 2] } }""").SingleProblem();
        Assert.Equal(($"$.search.parameters[\"{name}\"]", message), (problem.Path, problem.Message));
    }

    [Fact]
    public void TwoParametersThatBreakARuleTogetherAreReported()
    {
        var spec = Sgd().With("schedule", """{ "kind": "cyclic", "baseLr": 0.001 }""");
        var problem = Searching(spec, """{ "schedule.baseLr": { "min": 0.001, "max": 0.01 }, "schedule.maxLr": { "min": 0.005, "max": 0.1 } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"schedule.maxLr\"]", problem.Path);
        Assert.Equal("0.005 for schedule.maxLr together with 0.01 for schedule.baseLr is not allowed: $.schedule.maxLr: 0.005 is not allowed; must be > baseLr (0.01)", problem.Message);
    }

    [Fact]
    public void AParameterIsCheckedAgainstTheOtherSectionsToo()
    {
        // ASHA's first rung must come before the run ends, whatever epochs the search tries.
        var spec = Sgd().With("search", """
            { "kind": "random", "trials": 4, "earlyStopping": { "kind": "asha", "minEpochs": 2 },
              "parameters": { "training.epochs": { "values": [1, 3] } } }
            """);
        var problem = spec.SingleProblem();
        Assert.Equal("$.search.parameters[\"training.epochs\"].values[0]", problem.Path);
        Assert.StartsWith("1 is not allowed for training.epochs: $.search.earlyStopping.minEpochs: 2 is more than the 1 epochs of training.epochs", problem.Message);
    }

    [Fact]
    public void EveryProblemOfEveryParameterIsListedBesideTheSpecsOwn()
    {
        var spec = Sgd().With("model.l2", "-1").With("search", """
            { "kind": "tpe", "trials": 4, "parameters": {
                "optimizer.momentum": { "min": 0, "max": 1.5 },
                "training.batchSize": { "values": [0, 64] },
                "optimizer.beta1": { "min": 0.8, "max": 0.9 } } }
            """);
        Assert.Equal(
            ["$.model.l2", "$.search.parameters[\"optimizer.momentum\"].max", "$.search.parameters[\"training.batchSize\"].values[0]", "$.search.parameters[\"optimizer.beta1\"]"],
            spec.Problems().Select(p => p.Path));
    }

    [Fact]
    public void TheTrainerEnvironmentIsAcceptedAsAPathAndCheckedAgainstTheSpecsTrainer()
    {
        // This spec has no trainer section, so the path is not in it.
        var problem = Searching(Sgd(), """{ "trainer.env.DROPOUT": { "min": 0.1, "max": 0.5 } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"trainer.env.DROPOUT\"]", problem.Path);
        Assert.Equal("the spec has no trainer section; trainer.env.DROPOUT sets an environment value of a trainer's program", problem.Message);
    }

    [Fact]
    public void WarmupStepsFromNoneUpwardAreAllowed() =>
        Assert.Empty(Searching(Sgd(), """{ "schedule.warmup.steps": { "min": 0, "max": 500, "integer": true } }""").Problems());
}
