using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>A program's own hyperparameters searched through its environment: trainer.env.NAME.</summary>
public sealed class TrainerParameterTests
{
    private static System.Text.Json.Nodes.JsonObject Searching(System.Text.Json.Nodes.JsonObject spec, string parameters) =>
        spec.With("search", $$"""{ "kind": "random", "trials": 4, "parameters": {{parameters}} }""");

    [Fact]
    public void AnEnvironmentValueOfACommandTrainerIsSearchedAsText()
    {
        var spec = Searching(Specs.Command(), """{ "trainer.env.DROPOUT": { "min": 0.1, "max": 0.5 }, "learningRate": { "values": [0.001, 0.01] } }""").Parse();
        var trial = SpecParameters.Apply(spec, new Dictionary<string, ParameterValue>
        {
            ["trainer.env.DROPOUT"] = ParameterValue.Of(0.25),
            ["learningRate"] = ParameterValue.Of(0.01),
        });
        Assert.Equal("0.25", trial.Trainer!.Env!["DROPOUT"]);
        Assert.Equal(0.01, trial.Optimizer.LearningRate);
        Assert.Equal(spec.Trainer!.Command, trial.Trainer.Command);
    }

    [Fact]
    public void ABuiltinTrainerHasNoEnvironmentToSearch()
    {
        var problem = Searching(Specs.Softmax().With("trainer", """{ "kind": "builtin" }"""), """{ "trainer.env.DROPOUT": { "values": [0.1] } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"trainer.env.DROPOUT\"]", problem.Path);
        Assert.StartsWith("the spec has no trainer.env.DROPOUT: $.trainer.env: \"env\" is not a field of the builtin trainer", problem.Message);
    }

    [Fact]
    public void AnEnvironmentValueIsHeldToTheTrainersRules()
    {
        var problem = Searching(Specs.Command(), """{ "trainer.env.DROPOUT": { "values": ["0.1", "{dropout}"] } }""").SingleProblem();
        Assert.Equal("$.search.parameters[\"trainer.env.DROPOUT\"].values[1]", problem.Path);
        Assert.StartsWith("\"{dropout}\" is not allowed for trainer.env.DROPOUT: ", problem.Message);
    }

    [Fact]
    public void APlaceholderMayNameASearchedParameter()
    {
        var trainer = """{ "command": ["python3", "train.py", "--momentum", "{parameters.optimizer.momentum}"] }""";
        var spec = Specs.Command().With("trainer", trainer).With("optimizer", """{ "kind": "sgd", "learningRate": 0.1 }""");
        Assert.Empty(Searching(spec, """{ "optimizer.momentum": { "min": 0, "max": 0.9 } }""").Problems());
        var problem = Searching(spec, """{ "optimizer.dampening": { "min": 0, "max": 0.9 } }""").SingleProblem();
        Assert.Equal("$.trainer.command[3]", problem.Path);
    }
}
