using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class NonZerosTests
{
    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void GatherListsEveryNonZeroInOrder(SimdWidth width, int n)
    {
        var random = new Random(n);
        var x = Widths.Sparse(random, n);
        if (n > 2) x[n / 2] = float.NaN;
        var indices = new int[n];
        var values = new float[n];
        int count = NonZeros.Gather(x, indices, values, width);
        var expected = Enumerable.Range(0, n).Where(i => x[i] != 0f || float.IsNaN(x[i])).ToArray();
        Assert.Equal(expected, indices[..count]);
        Assert.Equal(expected.Select(i => x[i]), values[..count]);
    }

    [Theory]
    [InlineData(SimdWidth.Scalar)]
    [InlineData(SimdWidth.V128)]
    [InlineData(SimdWidth.V256)]
    [InlineData(SimdWidth.V512)]
    public void AllZerosAndNoZerosAreTheEdges(SimdWidth width)
    {
        var indices = new int[40];
        var values = new float[40];
        Assert.Equal(0, NonZeros.Gather(new float[40], indices, values, width));
        Assert.Equal(40, NonZeros.Gather(Enumerable.Repeat(1f, 40).ToArray(), indices, values, width));
        Assert.Equal(Enumerable.Range(0, 40), indices);
    }

    [Fact]
    public void DestinationsShorterThanTheSourceAreRefused() =>
        Assert.Throws<ArgumentException>(() => NonZeros.Gather(new float[5], new int[4], new float[5]));
}
