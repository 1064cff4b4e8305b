using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

public sealed class TransposeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 17)]
    [InlineData(128, 10)]
    [InlineData(33, 40)]
    public void RowsBecomeColumns(int rows, int columns)
    {
        var source = Enumerable.Range(0, rows * columns).Select(i => (float)i).ToArray();
        var destination = new float[source.Length];
        Transpose.Run(source, rows, columns, destination);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                Assert.Equal(source[i * columns + j], destination[j * rows + i]);
    }

    [Fact]
    public void AShapeThatDoesNotMatchTheSourceIsRefused() =>
        Assert.Throws<ArgumentException>(() => Transpose.Run(new float[6], 2, 4, new float[8]));
}
