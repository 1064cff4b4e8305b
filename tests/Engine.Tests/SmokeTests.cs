using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void EmptyDatasetHasNoRows() => Assert.Equal(0, Dataset.EmptyRegression.Rows);
}
