using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class LearningRateTests
{
    [Fact]
    public void TheOverrideReplacesTheSpecsLearningRate() =>
        Assert.Equal(0.5, Specs.Softmax().Parse(learningRateOverride: 0.5).Optimizer.LearningRate);

    [Fact]
    public void TheOverrideStandsInForAMissingSgdLearningRate() =>
        Assert.Equal(0.5, Specs.Softmax().With("optimizer.learningRate", null).Parse(learningRateOverride: 0.5).Optimizer.LearningRate);

    [Fact]
    public void TheOverrideAppliesToEveryArm()
    {
        var spec = Specs.Softmax()
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "optimizer": { "kind": "adam", "learningRate": 0.003 } }, {} ] }""")
            .Parse(learningRateOverride: 0.02);
        Assert.Equal([0.02, 0.02, 0.02], [spec.Optimizer.LearningRate, .. spec.Search.Arms.Select(a => a.Optimizer.LearningRate)]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void AnOverrideThatIsNotAPositiveNumberIsAProblem(double rate)
    {
        var e = Assert.Throws<SpecException>(() => Specs.Softmax().Parse(learningRateOverride: rate));
        Assert.Equal("--learning-rate", Assert.Single(e.Problems).Path);
    }

    [Fact]
    public void WithoutASearchSgdNeedsALearningRate()
    {
        var problem = Specs.Softmax().With("optimizer.learningRate", null).SingleProblem();
        Assert.Equal("$.optimizer.learningRate", problem.Path);
        Assert.Contains("--learning-rate", problem.Message);
    }

    [Fact]
    public void InASearchTheLearningRateMayBeLeftOut() =>
        Assert.Null(Specs.Softmax().With("optimizer.learningRate", null).With("search", """{ "kind": "coarse-to-fine" }""").Parse().Optimizer.LearningRate);

    [Fact]
    public void AFileParsedWithAnOverrideUsesIt()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("s.json", Specs.Softmax().With("optimizer.learningRate", null).ToJsonString());
        Assert.Equal(0.25, SpecParser.ParseFile(path, 0.25).Optimizer.LearningRate);
    }
}
