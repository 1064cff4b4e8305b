using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

public sealed class LogGridTests
{
    [Theory]
    [InlineData(1e-4, 10, 1, 6)]
    [InlineData(1e-5, 10, 1, 7)]
    [InlineData(1e-3, 1, 3, 10)]
    [InlineData(0.01, 0.5, 2, 5)]
    [InlineData(1e-4, 1e4, 1250, 10_001)]
    public void AGridHasAsManyPointsAsTheValidatorCounts(double min, double max, double perDecade, int expected)
    {
        var grid = LogGrid.PerDecade(min, max, perDecade);
        Assert.Equal(expected, grid.Length);
        Assert.Equal(SpecLimits.LogGridPoints(min, max, perDecade), grid.Length);
        Assert.Equal(min, grid[0]);
        Assert.Equal(max, grid[^1]);
    }

    [Fact]
    public void WholeDecadesAreExact() =>
        Assert.Equal([1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1, 10], LogGrid.PerDecade(1e-5, 10, 1));

    [Fact]
    public void PointsAreEvenlySpacedInLogs()
    {
        var grid = LogGrid.PerDecade(0.01, 0.5, 2);
        var ratios = grid.Zip(grid.Skip(1), (a, b) => b / a).ToArray();
        Assert.All(ratios, r => Assert.Equal(ratios[0], r, 1e-12));
    }

    [Fact]
    public void InteriorPointsLeaveOutTheEnds()
    {
        var points = LogGrid.Interior(0.001, 0.1, 5);
        Assert.Equal(5, points.Length);
        Assert.Equal(0.01, points[2], 1e-15);
        Assert.True(points[0] > 0.001 && points[^1] < 0.1);
    }

    [Fact]
    public void AnExplicitListIsSortedAndRatesEqualWithinTheToleranceAreKeptOnce()
    {
        var rates = LogGrid.Distinct([0.1, 0.01, 0.1 * (1 + 1e-13), 0.3, 0.01], LogGrid.ListTolerance);
        Assert.Equal([0.01, 0.1, 0.3], rates);
        Assert.Equal(2, LogGrid.Distinct([0.1, 0.1 * (1 + 1e-11)], LogGrid.ListTolerance).Length);
    }

    [Fact]
    public void AGridSearchRunsEachListedRateOnce()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.001, 0.01, 0.02], "metric": "trainLoss" }"""));
        var requests = search.Next(100);
        Assert.Equal([0.001, 0.01, 0.02], requests.Select(r => r.LearningRate));
        Assert.Equal(["0/0/0", "0/0/1", "0/0/2"], requests.Select(r => r.Key));
    }

    [Fact]
    public void ALogGridSearchRunsTheWholeGridAtOnce()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "grid", "min": 1e-4, "max": 1, "pointsPerDecade": 2, "metric": "trainLoss" }"""));
        Assert.Equal(9, search.Next(100).Count);
        Assert.Empty(search.Next(100));
    }
}
