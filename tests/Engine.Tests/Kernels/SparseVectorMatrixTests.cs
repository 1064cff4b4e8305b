using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class SparseVectorMatrixTests
{
    /// <summary>
    /// The documented order, which every width must equal bit for bit: even entries fused onto the destination's value,
    /// odd entries fused onto 0, each in entry order, then the two sums added.
    /// </summary>
    internal static float[] Reference(int[] indices, float[] values, float[] matrix, float[] start)
    {
        var d = (float[])start.Clone();
        int n = d.Length;
        for (int j = 0; j < n; j++)
        {
            float even = d[j], odd = 0;
            for (int i = 0; i < indices.Length; i++)
            {
                float term = matrix[indices[i] * n + j];
                if (i % 2 == 0) even = MathF.FusedMultiplyAdd(values[i], term, even);
                else odd = MathF.FusedMultiplyAdd(values[i], term, odd);
            }
            d[j] = even + odd;
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void EveryWidthEqualsTheScalarReferenceExactly(SimdWidth width, int columns)
    {
        var random = new Random(columns);
        int rows = 37;
        var matrix = Widths.Dense(random, rows * columns);
        // Repeated and unsorted indices are allowed: the kernel adds each entry in turn.
        var indices = Enumerable.Range(0, 23 + columns % 2).Select(_ => random.Next(rows)).ToArray();
        var values = Widths.Dense(random, indices.Length);
        var start = Widths.Dense(random, columns);
        var destination = (float[])start.Clone();
        SparseVectorMatrix.MultiplyAdd(indices, values, matrix, destination, width);
        Assert.Equal(Reference(indices, values, matrix, start), destination);
    }

    [Fact]
    public void NoEntriesLeaveTheDestinationAlone()
    {
        float[] destination = [1, 2, 3];
        SparseVectorMatrix.MultiplyAdd([], [], new float[6], destination);
        Assert.Equal([1f, 2f, 3f], destination);
    }

    [Fact]
    public void MismatchedShapesAndIndicesOutsideTheMatrixAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SparseVectorMatrix.MultiplyAdd([0], [1f, 2f], new float[6], new float[3]));
        Assert.Throws<ArgumentException>(() => SparseVectorMatrix.MultiplyAdd([0], [1f], new float[7], new float[3]));
        foreach (var width in Simd.Supported)
        {
            Assert.Throws<IndexOutOfRangeException>(() => SparseVectorMatrix.MultiplyAdd([6], [1f], new float[6 * 17], new float[17], width));
            Assert.Throws<IndexOutOfRangeException>(() => SparseVectorMatrix.MultiplyAdd([-1], [1f], new float[6 * 17], new float[17], width));
        }
    }
}
