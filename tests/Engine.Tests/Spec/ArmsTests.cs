using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class ArmsTests
{
    private static SweepSpec WithArms(string arms, System.Text.Json.Nodes.JsonObject? spec = null) =>
        (spec ?? Specs.Softmax()).With("search", $$"""{ "kind": "grid", "learningRates": [0.01, 0.1], "arms": {{arms}} }""").Parse();

    [Fact]
    public void ATrainingOverrideOfBatchSizeKeepsTheBaseEpochs()
    {
        var spec = WithArms("""[ { "training": { "batchSize": 256 } } ]""", Specs.Softmax().With("training", """{ "epochs": 7, "seed": 3 }"""));
        Assert.Equal(new TrainingSpec(7, 256, 3), Assert.Single(spec.Search.Arms).Training);
    }

    [Fact]
    public void AModelOverrideOfL2KeepsTheHiddenLayers()
    {
        var spec = WithArms("""[ { "model": { "l2": 0.5 } } ]""",
            Specs.Softmax().With("model", """{ "kind": "mlp", "hidden": [32, 16], "activation": "tanh" }"""));
        var mlp = Assert.IsType<MlpModelSpec>(Assert.Single(spec.Search.Arms).Model);
        Assert.Equal([32, 16], mlp.Hidden);
        Assert.Equal((Activation.Tanh, 0.5), (mlp.Activation, mlp.L2));
    }

    [Fact]
    public void AModelOverrideOfAnotherKindReplacesTheWholeModel()
    {
        var spec = WithArms("""[ { "model": { "kind": "softmax" } } ]""",
            Specs.Softmax().With("model", """{ "kind": "mlp", "hidden": [32], "l2": 0.1 }"""));
        Assert.Equal(new SoftmaxModelSpec(), Assert.Single(spec.Search.Arms).Model);
    }

    [Fact]
    public void AnOptimizerOverrideReplacesTheWholeOptimizer()
    {
        var spec = WithArms("""[ { "optimizer": { "kind": "sgd" } } ]""", Specs.Softmax().With("optimizer.momentum", "0.9"));
        Assert.Equal(new SgdSpec(), Assert.Single(spec.Search.Arms).Optimizer);
    }

    [Fact]
    public void AScheduleOverrideReplacesTheWholeSchedule()
    {
        var spec = WithArms("""[ { "schedule": { "kind": "cosine", "tMax": 10 } } ]""",
            Specs.Softmax().With("schedule", """{ "kind": "step", "stepSize": 5, "unit": "epoch", "warmup": { "steps": 2 } }"""));
        Assert.Equal(new CosineScheduleSpec(10), Assert.Single(spec.Search.Arms).Schedule);
    }

    [Fact]
    public void AnArmWithoutOverridesIsTheBaseSpec()
    {
        var spec = WithArms("""[ { "name": "plain" }, { "optimizer": { "kind": "adam" } } ]""");
        var arm = spec.Search.Arms[0];
        Assert.Equal(new ArmSpec("plain", spec.Model, spec.Optimizer, spec.Schedule, spec.Training), arm);
        Assert.Equal(spec.Search.Arms, spec.ResolvedArms());
    }

    [Fact]
    public void ArmsWithoutNamesAreNumberedFromZero() =>
        Assert.Equal(["arm-0", "fast", "arm-2"], WithArms("""[ {}, { "name": "fast" }, {} ]""").Search.Arms.Select(a => a.Name));

    [Fact]
    public void ArmNamesMustBeUnique() =>
        Assert.Equal("$.search.arms[1].name", Specs.Softmax()
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "name": "arm-1" }, {} ] }""").SingleProblem().Path);

    [Fact]
    public void ProblemsInsideAnArmCarryItsPath()
    {
        var problem = Specs.Softmax().With("search", """
            { "kind": "grid", "learningRates": [0.1], "arms": [ {}, { "optimizer": { "kind": "adam", "beta1": 1.5 } } ] }
            """).SingleProblem();
        Assert.Equal("$.search.arms[1].optimizer.beta1: 1.5 is not allowed; must be in [0, 1)", problem.ToString());
    }

    [Theory]
    [InlineData("""[ { "optimiser": { "kind": "adam" } } ]""", "$.search.arms[0].optimiser")]
    [InlineData("""[ { "training": { "batchSize": 0 } } ]""", "$.search.arms[0].training.batchSize")]
    [InlineData("""[ { "model": { "hidden": [4] } } ]""", "$.search.arms[0].model.hidden")]
    [InlineData("""[ { "model": { "kind": "least-squares" } } ]""", "$.search.arms[0].model.kind")]
    [InlineData("""[ { "name": "" } ]""", "$.search.arms[0].name")]
    [InlineData("""[ 3 ]""", "$.search.arms[0]")]
    public void AMistakeInAnArmIsPinnedToIt(string arms, string expectedPath) =>
        Assert.Equal(expectedPath, Specs.Softmax()
            .With("search", $$"""{ "kind": "grid", "learningRates": [0.1], "metric": "validationAccuracy", "arms": {{arms}} }""").SingleProblem().Path);

    [Fact]
    public void AnArmMayLeaveTheLearningRateToTheSearch() =>
        Assert.Null(WithArms("""[ { "optimizer": { "kind": "sgd", "momentum": 0.9 } } ]""").Search.Arms[0].Optimizer.LearningRate);

    [Fact]
    public void WithoutASearchAnArmNeedsALearningRate() =>
        Assert.Equal("$.search.arms[0].optimizer.learningRate",
            Specs.Softmax().With("search", """{ "arms": [ { "optimizer": { "kind": "sgd" } } ] }""").SingleProblem().Path);

    [Fact]
    public void AnArmThatChangesTheQuadraticsDimensionMustChangeItsStartToo()
    {
        var spec = Specs.Quadratic().With("model.start", "[1, 1]")
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "model": { "eigenvalues": [1, 2, 3] } } ] }""");
        Assert.Equal("$.search.arms[0].model: start has 2 values but the dimension is 3 (from eigenvalues)", spec.SingleProblem().ToString());
    }

    [Fact]
    public void AnArmGivingAHessianReplacesTheBaseEigenvalues()
    {
        var spec = Specs.Quadratic()
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "model": { "hessian": [[2, 0], [0, 4]] } } ] }""")
            .Parse();
        var model = Assert.IsType<QuadraticModelSpec>(spec.Search.Arms[0].Model);
        Assert.Null(model.Eigenvalues);
        Assert.Equal([2.0, 0, 0, 4], model.DenseHessian());
    }

    [Fact]
    public void AnArmMayNotSwitchToAModelThatNeedsDataWhenThereIsNone() =>
        Assert.Equal("$.search.arms[0].model.kind", Specs.Quadratic()
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "metric": "trainLoss", "arms": [ { "model": { "kind": "softmax" } } ] }""")
            .SingleProblem().Path);

    [Fact]
    public void AnEmptyArmListIsAProblem() =>
        Assert.Equal("$.search.arms", Specs.Softmax().With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [] }""").SingleProblem().Path);

    [Fact]
    public void MoreThanSixtyFourArmsIsAProblem()
    {
        var arms = "[" + string.Join(",", Enumerable.Repeat("{}", 65)) + "]";
        Assert.Equal("$.search.arms: 65 arms is more than the limit of 64",
            Specs.Softmax().With("search", $$"""{ "kind": "grid", "learningRates": [0.1], "arms": {{arms}} }""").SingleProblem().ToString());
    }

    [Fact]
    public void SixtyFourArmsAreAllowed() =>
        Assert.Equal(64, WithArms("[" + string.Join(",", Enumerable.Repeat("{}", 64)) + "]").Search.Arms.Count);
}
