using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

public sealed class SoftmaxModelTests
{
    // Above 25% non-zeros the rows are gathered on the fly; below, read from the shared sparse copy.
    [Theory]
    [InlineData(1, 0.5)]
    [InlineData(2, 0.5)]
    [InlineData(3, 0.9)]
    [InlineData(4, 0.9)]
    public void GradientMatchesCentralFiniteDifferences(int seed, double zeroFraction)
    {
        var data = TestSets.Classification(24, 13, 4, seed, zeroFraction);
        var model = new SoftmaxModel(13, 4, l2: 0.05, maxBatchRows: 24);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, seed), data, TestSets.AllRows(data), 1e-2f);
    }

    [Fact]
    public void GradientOfABatchOfOneRowMatchesFiniteDifferences()
    {
        var data = TestSets.Classification(5, 17, 3, 4);
        var model = new SoftmaxModel(17, 3, l2: 0.1, maxBatchRows: 1);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, 4), data, [3], 1e-2f);
    }

    [Fact]
    public void GradientOfAFullBatchLargerThanAChunkMatchesFiniteDifferences()
    {
        var data = TestSets.Classification(300, 9, 3, 5);
        var model = new SoftmaxModel(9, 3, l2: 0.01, maxBatchRows: 300);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, 5), data, TestSets.AllRows(data), 1e-2f);
    }

    [Theory]
    [InlineData(1, 0.0, 0.5)]
    [InlineData(7, 0.01, 0.5)]
    [InlineData(300, 0.3, 0.5)]
    [InlineData(300, 0.3, 0.85)]
    public void LossAndAccuracyMatchAFloat64Reference(int rows, double l2, double zeroFraction)
    {
        var data = TestSets.Classification(300, 21, 10, rows, zeroFraction);
        var model = new SoftmaxModel(21, 10, l2, maxBatchRows: 64);
        var p = TestSets.RandomParameters(model.ParameterCount, rows, scale: 2f);
        var batch = TestSets.AllRows(data)[..rows];
        double expected = ReferenceNetwork.Run(p, [21, 10], Activation.Relu, l2, data, batch, out double accuracy, out _);
        var evaluation = model.Evaluate(p, data, batch);
        Assert.Equal(expected, evaluation.Loss, expected * 1e-6);
        Assert.Equal(expected, model.LossAndGradient(p, data, batch, new float[p.Length]), expected * 1e-6);
        Assert.Equal(accuracy, evaluation.Accuracy);
    }

    [Fact]
    public void StartsFromZerosWhereTheLossIsLogOfTheClassCount()
    {
        var data = TestSets.Classification(10, 6, 5, 1);
        var model = new SoftmaxModel(6, 5, l2: 0.5, maxBatchRows: 10);
        var p = TestSets.RandomParameters(model.ParameterCount, 1);
        model.Initialize(p, seed: 9);
        Assert.All(p, v => Assert.Equal(0f, v));
        Assert.Equal(Math.Log(5), model.Loss(p, data, TestSets.AllRows(data)), 1e-6);
    }

    [Fact]
    public void EvaluateCountsRowsWhoseLargestLogitIsTheLabel()
    {
        // Row r lights feature r % 3; W is the identity, so the prediction is r % 3. Labels are right on 4 of 6 rows.
        var x = new float[6 * 3];
        for (int r = 0; r < 6; r++) x[r * 3 + r % 3] = 1f;
        var data = new Engine.Data.Dataset("identity", 6, 3, x, [0, 1, 2, 0, 2, 1], null, 3);
        var model = new SoftmaxModel(3, 3, 0, maxBatchRows: 2);
        var p = new float[model.ParameterCount];
        for (int k = 0; k < 3; k++) p[k * 3 + k] = 5f;
        Assert.Equal(4.0 / 6, model.Evaluate(p, data, TestSets.AllRows(data)).Accuracy, 12);
    }

    [Fact]
    public void LayoutNamesWeightsInputsByClassesThenTheBias()
    {
        var layout = new SoftmaxModel(784, 10, 0, 64).Layout;
        Assert.Equal(7850, layout.Count);
        Assert.Equal(new ParameterBlock("weight", ParameterRole.Weight, 0, 784, 10), layout["weight"]);
        Assert.Equal(new ParameterBlock("bias", ParameterRole.Bias, 7840, 1, 10), layout["bias"]);
    }

    [Fact]
    public void NoRowsGiveNaNAndAnEmptyBatchIsRefused()
    {
        var data = TestSets.Classification(4, 3, 2, 1);
        var model = new SoftmaxModel(3, 2, 0, 4);
        var p = new float[model.ParameterCount];
        Assert.True(double.IsNaN(model.Evaluate(p, data, []).Loss));
        Assert.Throws<ArgumentException>(() => model.LossAndGradient(p, data, [], new float[p.Length]));
    }

    [Fact]
    public void DataOfAnotherShapeIsRefused()
    {
        var model = new SoftmaxModel(3, 2, 0, 4);
        var p = new float[model.ParameterCount];
        Assert.Throws<ArgumentException>(() => model.Loss(p, TestSets.Classification(4, 5, 2, 1), [0]));
        Assert.Throws<ArgumentException>(() => model.Loss(p, TestSets.Regression(4, 3, 1), [0]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Loss(p, TestSets.Classification(4, 3, 2, 1), [4]));
    }

    [Fact]
    public void LossAndGradientAllocatesNothingAfterWarmUp()
    {
        var data = TestSets.Classification(300, 50, 10, 3);
        var model = new SoftmaxModel(50, 10, 0.01, maxBatchRows: 300);
        Assert.Equal(0, Allocation.PerCall(model, data, 300));
        Assert.Equal(0, Allocation.PerCall(model, data, 64));
    }
}
