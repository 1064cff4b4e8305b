using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

public sealed class SearchSpaceTests
{
    private static readonly SearchSpace Contract = new(
        new FloatDimension("learningRate", 1e-5, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99),
        new CategoricalDimension("training.batchSize", [ParameterValue.Of(32), ParameterValue.Of(64)]),
        new CategoricalDimension("optimizer.kind", [ParameterValue.Of("sgd"), ParameterValue.Of("adam")]),
        new IntegerDimension("schedule.warmup.steps", 0, 500));

    [Fact]
    public void APointReadsAsNamedValuesAndBack()
    {
        var point = new SearchPoint([0.01, 0.9, 1, 1, 250]);
        var values = Contract.Describe(point);

        Assert.Equal(ParameterValue.Of(0.01), values["learningRate"]);
        Assert.Equal(ParameterValue.Of(64), values["training.batchSize"]);
        Assert.Equal("adam", values["optimizer.kind"].Text);
        Assert.Equal(250, values["schedule.warmup.steps"].Number);
        Assert.Equal(point, Contract.PointOf(values));
    }

    [Theory]
    [InlineData("learningRate", 2.0, "learningRate")]
    [InlineData("schedule.warmup.steps", 2.5, "not an integer")]
    [InlineData("training.batchSize", 48.0, "not one of [32, 64]")]
    public void AValueTheDimensionDoesNotAllowIsNamedWithTheParameter(string name, double value, string expected)
    {
        var values = Contract.Describe(new SearchPoint([0.01, 0.9, 1, 1, 250])).ToDictionary();
        values[name] = ParameterValue.Of(value);
        var error = Assert.Throws<InputException>(() => Contract.PointOf(values));
        Assert.Contains(expected, error.Message);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void BadDimensionsAreRefusedWithTheirNameAndValue()
    {
        Assert.Contains("'lr': min 0 must be > 0", Assert.Throws<InputException>(() => new FloatDimension("lr", 0, 1, log: true)).Message);
        Assert.Contains("'m': min 1 and max 0", Assert.Throws<InputException>(() => new FloatDimension("m", 1, 0)).Message);
        Assert.Contains("'b': min 0 must be >= 1", Assert.Throws<InputException>(() => new IntegerDimension("b", 0, 8, log: true)).Message);
        Assert.Contains("'k': the value 3 is listed twice",
            Assert.Throws<InputException>(() => new CategoricalDimension("k", [ParameterValue.Of(3), ParameterValue.Of(3)])).Message);
        Assert.Contains("'x' is listed twice",
            Assert.Throws<InputException>(() => new SearchSpace(new FloatDimension("x", 0, 1), new IntegerDimension("x", 0, 1))).Message);
    }

    [Fact]
    public void SpacesAndPointsCompareByValue()
    {
        var again = new SearchSpace(
            new FloatDimension("learningRate", 1e-5, 1, log: true),
            new FloatDimension("optimizer.momentum", 0, 0.99),
            new CategoricalDimension("training.batchSize", [ParameterValue.Of(32), ParameterValue.Of(64)]),
            new CategoricalDimension("optimizer.kind", [ParameterValue.Of("sgd"), ParameterValue.Of("adam")]),
            new IntegerDimension("schedule.warmup.steps", 0, 500));
        Assert.Equal(Contract, again);
        Assert.Equal(Contract.GetHashCode(), again.GetHashCode());
        Assert.Equal(new SearchPoint([1.0, 2.0]), new SearchPoint([1.0, 2.0]));
        Assert.NotEqual(new SearchPoint([1.0, 2.0]), new SearchPoint([1.0, 2.5]));
    }
}
