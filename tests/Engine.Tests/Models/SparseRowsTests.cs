using SweepCluster.Engine.Models;

namespace SweepCluster.Engine.Tests.Models;

public sealed class SparseRowsTests
{
    [Fact]
    public void ASparseDataSetGetsOneSharedCopyOfItsNonZeros()
    {
        var data = TestSets.Classification(50, 40, 3, 1, zeroFraction: 0.9);
        var rows = SparseRows.For(data);
        Assert.NotNull(rows);
        Assert.Same(rows, SparseRows.For(data));
        for (int r = 0; r < data.Rows; r++)
        {
            var x = data.Row(r).ToArray();
            var expected = Enumerable.Range(0, x.Length).Where(k => x[k] != 0).ToArray();
            Assert.Equal(expected, rows.Indices(r).ToArray());
            Assert.Equal(expected.Select(k => x[k]), rows.Values(r).ToArray());
        }
    }

    [Fact]
    public void DataDenserThanAQuarterGetsNone() =>
        Assert.Null(SparseRows.For(TestSets.Classification(50, 40, 3, 1, zeroFraction: 0.5)));

    [Fact]
    public void ConcurrentFirstUsesBuildOneCopy()
    {
        var data = TestSets.Classification(2000, 100, 3, 2, zeroFraction: 0.85);
        var seen = new SparseRows?[8];
        Parallel.For(0, seen.Length, i => seen[i] = SparseRows.For(data));
        Assert.All(seen, s => Assert.Same(seen[0], s));
    }
}
