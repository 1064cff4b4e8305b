using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>From a spec's search.parameters to a search space, and from a point of it back to the spec a trial trains.</summary>
public sealed class SpecParametersTests
{
    private static SweepSpec Example() => SearchParametersTests.Example().Parse();

    [Fact]
    public void EachParameterBecomesTheDimensionItDescribes()
    {
        var space = SpecSearchSpace.From(Example().Search);
        Assert.Equal(["learningRate", "optimizer.momentum", "optimizer.weightDecay", "training.batchSize", "schedule.warmup.steps"], space.Dimensions.Select(d => d.Name));
        var rate = Assert.IsType<FloatDimension>(space.Dimensions[0]);
        Assert.Equal((1e-5, 1.0, true), (rate.Min, rate.Max, rate.Log));
        Assert.False(Assert.IsType<FloatDimension>(space.Dimensions[1]).Log);
        Assert.Equal(4, Assert.IsType<CategoricalDimension>(space.Dimensions[3]).Count);
        var steps = Assert.IsType<IntegerDimension>(space.Dimensions[4]);
        Assert.Equal((0L, 500L, false), (steps.Min, steps.Max, steps.Log));
    }

    [Fact]
    public void ASearchOverEtaAloneHasNoSpace() =>
        Assert.Throws<InputException>(() => SpecSearchSpace.From(SpecParser.Parse(Specs.ContractExample).Search));

    [Fact]
    public void ApplyingValuesSetsEachFieldAndLeavesTheRestAsTheSpecHasIt()
    {
        var spec = Example();
        var trial = SpecParameters.Apply(spec, new Dictionary<string, ParameterValue>
        {
            ["learningRate"] = ParameterValue.Of(0.02),
            ["optimizer.momentum"] = ParameterValue.Of(0.5),
            ["training.batchSize"] = ParameterValue.Of(128),
            ["schedule.warmup.steps"] = ParameterValue.Of(7),
        });
        var sgd = Assert.IsType<SgdSpec>(trial.Optimizer);
        Assert.Equal((0.02, 0.5, 0.0), (sgd.LearningRate, sgd.Momentum, sgd.WeightDecay));
        Assert.Equal(128, trial.Training.BatchSize);
        Assert.Equal(new WarmupSpec(7, 0.1), trial.Schedule.Warmup);
        Assert.Equal(375, Assert.IsType<CosineScheduleSpec>(trial.Schedule).TMax);
        Assert.Equal(spec.Training with { BatchSize = 128 }, trial.Training);
        Assert.Equal(spec.Model, trial.Model);
    }

    [Fact]
    public void StringValuesSetStringFields()
    {
        var trial = SpecParameters.Apply(Example(), new Dictionary<string, ParameterValue> { ["training.batchSize"] = ParameterValue.Of("full") });
        Assert.Null(trial.Training.BatchSize);
    }

    [Fact]
    public void AWarmupTheSpecLeftOutIsCreatedWithItsDefaults()
    {
        var spec = Specs.Softmax().With("search", """{ "kind": "random", "trials": 2, "parameters": { "schedule.warmup.steps": { "min": 0, "max": 9, "integer": true } } }""").Parse();
        var trial = SpecParameters.Apply(spec, new Dictionary<string, ParameterValue> { ["schedule.warmup.steps"] = ParameterValue.Of(4) });
        Assert.Equal(new WarmupSpec(4), trial.Schedule.Warmup);
    }

    [Fact]
    public void APointOfTheSpaceAppliesByItsDimensionsNames()
    {
        var spec = Example();
        var space = SpecSearchSpace.From(spec.Search);
        var point = new RandomSampler(space, 3).Propose(0, []);
        var values = space.Describe(point);
        var trial = SpecParameters.Apply(spec, space, point);
        Assert.Equal(values["learningRate"].Number, trial.Optimizer.LearningRate);
        Assert.Equal(values["optimizer.weightDecay"].Number, trial.Optimizer.WeightDecay);
        Assert.Equal((int)values["schedule.warmup.steps"].Number, trial.Schedule.Warmup!.Steps);
    }

    [Fact]
    public void AnArmTakesTheValuesButNotTheTrainers()
    {
        var arm = Example().ResolvedArms()[0];
        var applied = SpecParameters.Apply(arm, new Dictionary<string, ParameterValue> { ["learningRate"] = ParameterValue.Of(0.3), ["model.l2"] = ParameterValue.Of(0.01) });
        Assert.Equal((0.3, 0.01, "default"), (applied.Optimizer.LearningRate, applied.Model.L2, applied.Name));
        Assert.Throws<InvalidOperationException>(() =>
            SpecParameters.Apply(arm, new Dictionary<string, ParameterValue> { ["trainer.env.DROPOUT"] = ParameterValue.Of(0.1) }));
    }
}
