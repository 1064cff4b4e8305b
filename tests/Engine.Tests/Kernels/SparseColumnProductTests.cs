using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class SparseColumnProductTests
{
    [Theory]
    [MemberData(nameof(Widths.BySize), MemberType = typeof(Widths))]
    public void EveryWidthEqualsTheScalarReferenceExactly(SimdWidth width, int n)
    {
        var random = new Random(n + 2);
        int m = 19, columns = 23;
        var (rowStarts, indices, values) = RandomRows(random, m, columns);
        var columnStarts = new int[columns + 1];
        var rows = new int[indices.Length];
        var columnValues = new float[indices.Length];
        SparseTranspose.ToColumns(rowStarts, indices, values, columnStarts, rows, columnValues);
        var dense = Widths.Sparse(random, m * n, 0.3);
        var start = Widths.Dense(random, columns * n);

        var matrix = (float[])start.Clone();
        SparseColumnProduct.Add(columnStarts, rows, columnValues, dense, matrix, width);

        // Row c of the matrix gains the fused sum, from 0 in entry order, of value × dense row.
        var expected = (float[])start.Clone();
        for (int c = 0; c < columns; c++)
        {
            if (columnStarts[c] == columnStarts[c + 1]) continue;
            for (int j = 0; j < n; j++)
            {
                float acc = 0;
                for (int e = columnStarts[c]; e < columnStarts[c + 1]; e++)
                    acc = MathF.FusedMultiplyAdd(columnValues[e], dense[rows[e] * n + j], acc);
                expected[c * n + j] += acc;
            }
        }
        Assert.Equal(expected, matrix);
    }

    [Fact]
    public void ToColumnsListsEachColumnsEntriesByRow()
    {
        // Rows: 0 → {2: a, 0: b}, 1 → {}, 2 → {2: c}
        int[] rowStarts = [0, 2, 2, 3];
        var columnStarts = new int[4];
        var rows = new int[3];
        var values = new float[3];
        SparseTranspose.ToColumns(rowStarts, [2, 0, 2], [1f, 2f, 3f], columnStarts, rows, values);
        Assert.Equal([0, 1, 1, 3], columnStarts);
        Assert.Equal([0, 0, 2], rows);
        Assert.Equal([2f, 1f, 3f], values);
    }

    [Fact]
    public void ToColumnsRefusesAColumnOutsideTheRange() =>
        Assert.Throws<IndexOutOfRangeException>(() =>
            SparseTranspose.ToColumns([0, 1], [3], [1f], new int[4], new int[1], new float[1]));

    [Fact]
    public void ADenseRowOutsideTheDenseMatrixIsRefused()
    {
        foreach (var width in Simd.Supported)
            Assert.Throws<IndexOutOfRangeException>(() =>
                SparseColumnProduct.Add([0, 1], [5], [1f], new float[5 * 20], new float[20], width));
    }

    private static (int[] RowStarts, int[] Indices, float[] Values) RandomRows(Random random, int m, int columns)
    {
        var starts = new List<int> { 0 };
        var indices = new List<int>();
        for (int r = 0; r < m; r++)
        {
            indices.AddRange(Enumerable.Range(0, columns).Where(_ => random.NextDouble() < 0.4));
            starts.Add(indices.Count);
        }
        return (starts.ToArray(), indices.ToArray(), Widths.Dense(random, indices.Count));
    }
}
