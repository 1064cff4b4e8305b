using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class SparseVectorMatrixTests
{
    /// <summary>
    /// The documented order, which every width must equal bit for bit: entry i fused onto partial sum i mod S in entry
    /// order (S = 4 for at most 16 columns, else 2), partial 0 starting from the destination's value; then
    /// p0 + p1, or (p0 + p1) + (p2 + p3).
    /// </summary>
    internal static float[] Reference(int[] indices, float[] values, float[] matrix, float[] start)
    {
        var d = (float[])start.Clone();
        int n = d.Length, ways = n <= 16 ? 4 : 2;
        for (int j = 0; j < n; j++)
        {
            var partial = new float[4];
            partial[0] = d[j];
            for (int i = 0; i < indices.Length; i++)
                partial[i % ways] = MathF.FusedMultiplyAdd(values[i], matrix[indices[i] * n + j], partial[i % ways]);
            d[j] = ways == 2 ? partial[0] + partial[1] : (partial[0] + partial[1]) + (partial[2] + partial[3]);
        }
        return d;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    public void FewEntriesFollowTheSameOrder(int count)
    {
        foreach (var width in Simd.Supported)
            foreach (int n in new[] { 3, 10, 16, 17, 40 })
            {
                var random = new Random(count * 100 + n);
                var matrix = Widths.Dense(random, 9 * n);
                var indices = Enumerable.Range(0, count).Select(_ => random.Next(9)).ToArray();
                var values = Widths.Dense(random, count);
                var start = Widths.Dense(random, n);
                var destination = (float[])start.Clone();
                SparseVectorMatrix.MultiplyAdd(indices, values, matrix, destination, width);
                Assert.Equal(Reference(indices, values, matrix, start), destination);
            }
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

public sealed class RowBatchedKernelTests
{
    [Theory]
    [InlineData(10)]
    [InlineData(33)]
    [InlineData(128)]
    public void ARowBatchedCallEqualsOneCallPerRow(int n)
    {
        foreach (var width in Simd.Supported)
        {
            var random = new Random(n);
            int rows = 7, k = 20;
            var matrix = Widths.Dense(random, k * n);
            // Row 3 has no entries: it must be left alone.
            int[] starts = [0, 3, 9, 9, 9, 12, 20, 21];
            var indices = Enumerable.Range(0, 21).Select(_ => random.Next(k)).ToArray();
            var values = Widths.Dense(random, 21);
            var start = Widths.Dense(random, rows * n);

            var batched = (float[])start.Clone();
            SparseVectorMatrix.MultiplyAddRows(starts, indices, values, matrix, batched, width);
            var single = (float[])start.Clone();
            for (int r = 0; r < rows; r++)
                SparseVectorMatrix.MultiplyAdd(indices[starts[r]..starts[r + 1]], values[starts[r]..starts[r + 1]], matrix, single.AsSpan(r * n, n), width);
            Assert.Equal(single, batched);

            var outer = (float[])matrix.Clone();
            SparseOuterProduct.AddRows(starts, indices, values, start, outer, width);
            var outerSingle = (float[])matrix.Clone();
            for (int r = 0; r < rows; r++)
                SparseOuterProduct.Add(indices[starts[r]..starts[r + 1]], values[starts[r]..starts[r + 1]], start.AsSpan(r * n, n), outerSingle, width);
            Assert.Equal(outerSingle, outer);
        }
    }

    [Fact]
    public void RowStartsThatDecreaseOrOverrunAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SparseVectorMatrix.MultiplyAddRows([0, 2, 1], [0, 0], [1f, 1f], new float[4], new float[4]));
        Assert.Throws<ArgumentException>(() => SparseVectorMatrix.MultiplyAddRows([0, 3], [0, 0], [1f, 1f], new float[4], new float[2]));
        Assert.Throws<ArgumentException>(() => SparseOuterProduct.AddRows([0, 3], [0, 0], [1f, 1f], new float[2], new float[4]));
    }
}
