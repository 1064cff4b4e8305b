using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class SparseVectorMatrixTests
{
    /// <summary>destination[j] = fma(v_i, M[k_i, j], destination[j]) over i in order: what every width must equal bit for bit.</summary>
    internal static float[] Reference(int[] indices, float[] values, float[] matrix, float[] start)
    {
        var d = (float[])start.Clone();
        int n = d.Length;
        for (int i = 0; i < indices.Length; i++)
            for (int j = 0; j < n; j++)
                d[j] = MathF.FusedMultiplyAdd(values[i], matrix[indices[i] * n + j], d[j]);
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
        var indices = Enumerable.Range(0, 23).Select(_ => random.Next(rows)).ToArray();
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
