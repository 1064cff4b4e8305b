using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Tests.Models;

public sealed class LinearModelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LeastSquaresGradientMatchesCentralFiniteDifferences(int seed)
    {
        var data = TestSets.Regression(30, 12, seed);
        var model = new LeastSquaresModel(12, l2: 0.05);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, seed), data, TestSets.AllRows(data), 1e-2f);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void LogisticGradientMatchesCentralFiniteDifferences(int seed)
    {
        var data = TestSets.Classification(30, 12, 2, seed);
        var model = new LogisticModel(12, l2: 0.05);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, seed, scale: 2f), data, TestSets.AllRows(data), 1e-2f);
    }

    [Fact]
    public void LeastSquaresIsHalfTheMeanSquaredResidualPlusL2OnTheWeightsOnly()
    {
        // x = [1, 2], [0, 1]; w = [1, −1], b = 3 (b carries no l2): residuals 1·1 − 2 + 3 − 5 = −3 and −1 + 3 − 1 = 1.
        var data = new Dataset("two", 2, 2, [1, 2, 0, 1], null, [5, 1], 0);
        var model = new LeastSquaresModel(2, l2: 0.5);
        double expected = (9 + 1) / 4.0 + 0.25 * (1 + 1);
        var g = new float[3];
        Assert.Equal(expected, model.LossAndGradient([1, -1, 3], data, [0, 1], g), 12);
        // ∂/∂w = Xᵀr/n + l2·w = ([−3, −6] + [0, 1]) / 2 + [0.5, −0.5];  ∂/∂b = mean r = −1
        Assert.Equal([-1f, -3f, -1f], g);
        Assert.True(double.IsNaN(model.Evaluate([1, -1, 3], data, [0, 1]).Accuracy));
    }

    [Fact]
    public void LeastSquaresOnClassificationDataFitsTheLabelAsANumber()
    {
        var data = new Dataset("labels", 2, 1, [0, 0], [1, 3], null, 4);
        Assert.Equal((1 + 9) / 4.0, new LeastSquaresModel(1, 0).Loss([0, 0], data, [0, 1]), 12);
    }

    [Fact]
    public void LogisticLossIsStableForHugeScores()
    {
        // z = ±1000: the naive log(1 + e^z) overflows; the true losses are 0 (right side) and 1000 (wrong side).
        var data = new Dataset("far", 2, 1, [1, 1], [1, 0], null, 2);
        var model = new LogisticModel(1, 0);
        Assert.Equal(0, model.Loss([1000, 0], data, [0]), 12);
        Assert.Equal(1000, model.Loss([1000, 0], data, [1]), 9);
        var evaluation = model.Evaluate([1000, 0], data, [0, 1]);
        Assert.Equal(0.5, evaluation.Accuracy);
    }

    [Fact]
    public void LogisticAtZeroIsLogTwoAndItsGradientIsTheMeanResidual()
    {
        var data = new Dataset("coin", 4, 1, [1, 2, 3, 4], [1, 0, 1, 1], null, 2);
        var model = new LogisticModel(1, 0);
        var p = new float[2];
        model.Initialize(p, 7);
        var g = new float[2];
        Assert.Equal(Math.Log(2), model.LossAndGradient(p, data, [0, 1, 2, 3], g), 12);
        // σ(0) − y = [−½, ½, −½, −½]: ∂w = mean((σ − y)·x), ∂b = mean(σ − y)
        Assert.Equal((-0.5 * 1 + 0.5 * 2 - 0.5 * 3 - 0.5 * 4) / 4, g[0], 6);
        Assert.Equal(-0.25, g[1], 6);
    }

    [Fact]
    public void LayoutIsWeightsThenOneBias()
    {
        var layout = new LogisticModel(5, 0).Layout;
        Assert.Equal([("weight", ParameterRole.Weight, 0, 5), ("bias", ParameterRole.Bias, 5, 1)],
            layout.Blocks.Select(b => (b.Name, b.Role, b.Offset, b.Length)));
    }

    [Fact]
    public void LossAndGradientAllocatesNothingAfterWarmUp()
    {
        Assert.Equal(0, Allocation.PerCall(new LogisticModel(30, 0.1), TestSets.Classification(100, 30, 2, 1), 100));
        Assert.Equal(0, Allocation.PerCall(new LeastSquaresModel(30, 0.1), TestSets.Regression(100, 30, 1), 100));
    }
}
