using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class SparseOuterProductTests
{
    private static float[] Reference(int[] indices, float[] values, float[] vector, float[] start)
    {
        var m = (float[])start.Clone();
        int n = vector.Length;
        for (int i = 0; i < indices.Length; i++)
            for (int j = 0; j < n; j++)
                m[indices[i] * n + j] = MathF.FusedMultiplyAdd(values[i], vector[j], m[indices[i] * n + j]);
        return m;
    }

    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void EveryWidthEqualsTheScalarReferenceExactly(SimdWidth width, int columns)
    {
        var random = new Random(columns + 1);
        int rows = 29;
        var start = Widths.Dense(random, rows * columns);
        var indices = Enumerable.Range(0, 31).Select(_ => random.Next(rows)).ToArray();
        var values = Widths.Dense(random, indices.Length);
        var vector = Widths.Sparse(random, columns, 0.3);
        var matrix = (float[])start.Clone();
        SparseOuterProduct.Add(indices, values, vector, matrix, width);
        Assert.Equal(Reference(indices, values, vector, start), matrix);
    }

    [Fact]
    public void OnlyTheListedRowsChange()
    {
        var matrix = new float[5 * 20];
        SparseOuterProduct.Add([1, 3], [1f, -2f], Enumerable.Repeat(1f, 20).ToArray(), matrix);
        for (int r = 0; r < 5; r++)
            Assert.All(matrix.AsSpan(r * 20, 20).ToArray(), v => Assert.Equal(r switch { 1 => 1f, 3 => -2f, _ => 0f }, v));
    }

    [Fact]
    public void MismatchedShapesAndIndicesOutsideTheMatrixAreRefused()
    {
        Assert.Throws<ArgumentException>(() => SparseOuterProduct.Add([0], [1f, 2f], new float[3], new float[6]));
        Assert.Throws<ArgumentException>(() => SparseOuterProduct.Add([0], [1f], new float[3], new float[7]));
        foreach (var width in Simd.Supported)
            Assert.Throws<IndexOutOfRangeException>(() => SparseOuterProduct.Add([6], [1f], new float[33], new float[6 * 33], width));
    }
}
