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
}
