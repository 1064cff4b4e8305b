using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

public sealed class MlpModelTests
{
    private const float Epsilon = 3e-3f;

    [Theory]
    [InlineData(Activation.Relu, 1, 0.5)]
    [InlineData(Activation.Relu, 2, 0.5)]
    [InlineData(Activation.Relu, 3, 0.85)]
    [InlineData(Activation.Tanh, 1, 0.5)]
    [InlineData(Activation.Tanh, 2, 0.85)]
    public void GradientMatchesCentralFiniteDifferences(Activation activation, int seed, double zeroFraction)
    {
        int[] sizes = [11, 7, 5, 3];
        var data = TestSets.Classification(20, 11, 3, seed, zeroFraction);
        var model = new MlpModel(11, [7, 5], activation, 3, l2: 0.02, maxBatchRows: 20);
        var p = AwayFromKinks(model, sizes, activation, data, seed);
        GradientCheck.Assert(model, p, data, TestSets.AllRows(data), Epsilon);
    }

    [Fact]
    public void GradientOfABatchOfOneRowMatchesFiniteDifferences()
    {
        var data = TestSets.Classification(4, 16, 4, 8);
        var model = new MlpModel(16, [9], Activation.Relu, 4, l2: 0.01, maxBatchRows: 1);
        var p = AwayFromKinks(model, [16, 9, 4], Activation.Relu, data, 8, rows: [2]);
        GradientCheck.Assert(model, p, data, [2], Epsilon);
    }

    [Fact]
    public void GradientOfAFullBatchAcrossSeveralChunksMatchesFiniteDifferences()
    {
        var data = TestSets.Classification(270, 6, 3, 9);
        var model = new MlpModel(6, [4], Activation.Tanh, 3, l2: 0.01, maxBatchRows: 270);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, 9), data, TestSets.AllRows(data), Epsilon);
    }

    [Fact]
    public void GradientOfALayerTooWideForL1MatchesFiniteDifferences()
    {
        // 91 × 90 weights exceed 32 KB: the weight gradient is taken column by column (SparseColumnProduct).
        var data = TestSets.Classification(12, 90, 3, 11, zeroFraction: 0.8);
        var model = new MlpModel(90, [90], Activation.Tanh, 3, l2: 0.01, maxBatchRows: 12);
        GradientCheck.Assert(model, TestSets.RandomParameters(model.ParameterCount, 11, scale: 0.2f), data, TestSets.AllRows(data), Epsilon);
    }

    [Theory]
    [InlineData(Activation.Relu, 1, 0.0, 0.5)]
    [InlineData(Activation.Relu, 130, 0.01, 0.5)]
    [InlineData(Activation.Relu, 130, 0.01, 0.85)]
    [InlineData(Activation.Tanh, 33, 0.1, 0.85)]
    public void LossAndAccuracyMatchAFloat64Reference(Activation activation, int rows, double l2, double zeroFraction)
    {
        int[] sizes = [40, 33, 17, 10];
        var data = TestSets.Classification(200, 40, 10, rows, zeroFraction);
        var model = new MlpModel(40, [33, 17], activation, 10, l2, maxBatchRows: 64);
        var p = TestSets.RandomParameters(model.ParameterCount, rows);
        var batch = TestSets.AllRows(data)[..rows];
        double expected = ReferenceNetwork.Run(p, sizes, activation, l2, data, batch, out double accuracy, out _);
        var evaluation = model.Evaluate(p, data, batch);
        Assert.Equal(expected, evaluation.Loss, expected * 1e-5);
        Assert.Equal(expected, model.LossAndGradient(p, data, batch, new float[p.Length]), expected * 1e-5);
        Assert.Equal(accuracy, evaluation.Accuracy);
    }

    [Fact]
    public void InitializationIsPyTorchsUniformByFanInAndDependsOnlyOnTheSeed()
    {
        var model = new MlpModel(784, [128], Activation.Relu, 10, 0, 64);
        var a = new float[model.ParameterCount];
        var b = new float[model.ParameterCount];
        var c = new float[model.ParameterCount];
        model.Initialize(a, 1);
        model.Initialize(b, 1);
        model.Initialize(c, 2);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        foreach (var (block, fanIn) in model.Layout.Blocks.Zip(new[] { 784, 784, 128, 128 }))
        {
            var values = block.Of<float>(a).ToArray();
            float bound = 1f / MathF.Sqrt(fanIn);
            Assert.All(values, v => Assert.InRange(v, -bound, bound));
            // U(−β, β) has variance β²/3; 10 or more draws put the sample variance well inside this band.
            double variance = values.Average(v => (double)v * v);
            Assert.InRange(variance, bound * bound / 3 * 0.4, bound * bound / 3 * 1.6);
        }
    }

    [Fact]
    public void LayoutListsEachLayersWeightsThenBias()
    {
        var model = new MlpModel(784, [128], Activation.Relu, 10, 0, 64);
        Assert.Equal(101_770, model.ParameterCount);
        Assert.Equal(
            [("layers.0.weight", 0, 784, 128), ("layers.0.bias", 100_352, 1, 128), ("layers.1.weight", 100_480, 128, 10), ("layers.1.bias", 101_760, 1, 10)],
            model.Layout.Blocks.Select(b => (b.Name, b.Offset, b.Rows, b.Columns)));
        Assert.Equal([ParameterRole.Weight, ParameterRole.Weight], model.Layout.Weights.Select(b => b.Role));
    }

    [Fact]
    public void LossAndGradientAllocatesNothingAfterWarmUp()
    {
        var data = TestSets.Classification(300, 60, 10, 3);
        Assert.Equal(0, Allocation.PerCall(new MlpModel(60, [32, 17], Activation.Relu, 10, 0.01, 300), data, 300));
        Assert.Equal(0, Allocation.PerCall(new MlpModel(60, [20], Activation.Tanh, 10, 0, 64), data, 64));
        var sparse = TestSets.Classification(300, 200, 10, 4, zeroFraction: 0.85);
        Assert.Equal(0, Allocation.PerCall(new MlpModel(200, [64], Activation.Relu, 10, 0.01, 300), sparse, 300));
    }

    [Fact]
    public void ANaNParameterGivesANaNLoss()
    {
        var data = TestSets.Classification(8, 5, 3, 1);
        var model = new MlpModel(5, [4], Activation.Relu, 3, 0, 8);
        var p = TestSets.RandomParameters(model.ParameterCount, 1);
        p[model.Layout["layers.1.bias"].Offset] = float.NaN;
        Assert.True(double.IsNaN(model.Loss(p, data, TestSets.AllRows(data))));
    }

    /// <summary>
    /// Random parameters such that no hidden pre-activation lies within a few ε of 0, so no ±ε step of one
    /// parameter crosses a relu kink (which finite differences cannot see through).
    /// </summary>
    private static float[] AwayFromKinks(IModel<float> model, int[] sizes, Activation activation, Dataset data, int seed, int[]? rows = null)
    {
        rows ??= TestSets.AllRows(data);
        for (int attempt = 0; ; attempt++)
        {
            var p = TestSets.RandomParameters(model.ParameterCount, seed * 1000 + attempt);
            ReferenceNetwork.Run(p, sizes, activation, 0, data, rows, out _, out double smallest);
            if (activation == Activation.Tanh || smallest > 4 * Epsilon) return p;
        }
    }
}
