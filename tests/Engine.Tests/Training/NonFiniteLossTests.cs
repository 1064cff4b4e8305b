using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>A rate so large that the loss overflows to ∞ or NaN within a step or two: the trial ends diverged, no crash.</summary>
public sealed class NonFiniteLossTests
{
    [Theory]
    [InlineData("""{"kind":"softmax"}""", """{"kind":"sgd","learningRate":1}""")]
    [InlineData("""{"kind":"mlp","hidden":[32]}""", """{"kind":"sgd","learningRate":1,"momentum":0.9}""")]
    [InlineData("""{"kind":"mlp","hidden":[32],"activation":"tanh"}""", """{"kind":"rmsprop"}""")]
    [InlineData("""{"kind":"least-squares"}""", """{"kind":"adagrad"}""")]
    public void ALossThatStopsBeingFiniteEndsTheTrialDiverged(string model, string optimizer)
    {
        var data = model.Contains("least-squares", StringComparison.Ordinal)
            ? """{"source":"synthetic","task":"linear-regression","samples":500,"features":20,"seed":1}"""
            : """{"source":"mnist","trainSize":500,"validationSize":100}""";
        var spec = SpecParser.Parse($$$"""{"name":"nan","data":{{{data}}},"model":{{{model}}},"optimizer":{{{optimizer}}},"training":{"epochs":3,"batchSize":50,"seed":1}}""");
        var arm = spec.ResolvedArms()[0];

        var trial = TestTrainer.Run(TrialPlan.For(spec, arm, 1e30));

        Assert.Equal(TrialStatus.Diverged, trial.Status);
        Assert.Equal(Verdict.Diverged, trial.Verdict);
        Assert.True(trial.Steps < 30, $"{trial.Steps} steps: a diverged run stops at once");
        // Said as what happened to the loss, not as an exception.
        Assert.True(trial.Error is null || trial.Error.StartsWith("the training loss", StringComparison.Ordinal), trial.Error);
    }
}
