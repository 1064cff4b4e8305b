using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class VectorMathTests
{
    public static TheoryData<int> Sizes => new(Widths.OddSizes.Append(0).Append(100_000));

    [Theory]
    [MemberData(nameof(Sizes))]
    public void MultiplyAndMultiplyAddAreElementwise(int n)
    {
        var random = new Random(n);
        var x = Widths.Dense(random, n);
        var a = Widths.Dense(random, n);
        var d = new float[n];
        VectorMath.Multiply(x, 0.3f, d);
        Assert.Equal(x.Select(v => v * 0.3f), d);
        VectorMath.MultiplyAdd(x, -0.7f, a, d);
        Assert.Equal(x.Zip(a, (v, w) => MathF.FusedMultiplyAdd(v, -0.7f, w)), d);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void DotAndSumOfSquaresMatchDoubleSums(int n)
    {
        var random = new Random(n);
        var x = Widths.Dense(random, n);
        var y = Widths.Dense(random, n);
        double dot = x.Zip(y, (a, b) => (double)a * b).Sum(), squares = x.Sum(v => (double)v * v);
        Assert.Equal(dot, VectorMath.Dot(x, y), 1e-5 * Math.Sqrt(n + 1));
        Assert.Equal(squares, VectorMath.SumOfSquares(x), 1e-6 * (squares + 1));
    }

    [Fact]
    public void ChunkedTensorPrimitivesCoverLongSpans()
    {
        var random = new Random(1);
        var x = Widths.Dense(random, 40_001);
        var a = Widths.Dense(random, 40_001);
        var d = new float[x.Length];
        Chunked.MultiplyAdd(x, 2f, a, d);
        Assert.Equal(x[40_000] * 2f + a[40_000], d[40_000], 1e-6f);
        Chunked.Multiply(x, 2f, d);
        Assert.Equal(x.Select(v => v * 2f), d);
        Assert.Equal(x.Sum(v => (double)v * v), Chunked.SumOfSquares(x), 1e-2);
    }
}
