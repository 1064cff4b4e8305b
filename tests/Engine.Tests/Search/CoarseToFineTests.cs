using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search;

/// <summary>Coarse-to-fine on made-up losses: a bowl in log η with its bottom where each test puts it.</summary>
public sealed class CoarseToFineTests
{
    private static (SweepSearch Search, List<TrialRequest> Issued) Run(double optimum, string range = """ "min": 1e-4, "max": 10 """, int refinements = 2)
    {
        var search = new SweepSearch(Sweeps.Quadratic($$"""
            { "kind": "coarse-to-fine", {{range}}, "pointsPerDecade": 1, "refinements": {{refinements}}, "pointsPerRefinement": 5, "metric": "trainLoss" }
            """));
        var issued = Sweeps.Drive(search, r => Sweeps.Completed(r, Sweeps.Bowl(r.LearningRate, optimum)));
        return (search, issued);
    }

    [Fact]
    public void EachRefinementGridsBetweenTheBestPointsNeighbours()
    {
        var (search, _) = Run(0.37);
        var stages = search.Stages;
        Assert.Equal([StageKind.Grid, StageKind.Refine, StageKind.Refine], stages.Select(s => s.Kind));
        Assert.Equal([1e-4, 1e-3, 1e-2, 0.1, 1, 10], stages[0].LearningRates);
        Assert.Equal(1, stages[0].BestLearningRate);
        // Between 0.1 and 10, five points a third of a decade apart; the middle one is 1, already run.
        var expected = new[] { -2, -1, 0, 1, 2 }.Select(k => Math.Pow(10, k / 3.0)).ToArray();
        Assert.Equal(expected, stages[1].LearningRates, (a, b) => Math.Abs(a / b - 1) < 1e-12);
        Assert.Equal(0.464, stages[1].BestLearningRate!.Value, 3);
        Assert.InRange(stages[1].LearningRates.Count, 5, 5);
        Assert.Equal(0.359, stages[2].BestLearningRate!.Value, 3);
    }

    [Fact]
    public void NoRateIsRunTwice()
    {
        var (search, issued) = Run(0.37);
        var rates = issued.Select(r => r.LearningRate).Order().ToArray();
        Assert.All(rates.Zip(rates.Skip(1)), p => Assert.False(LogGrid.Same(p.First, p.Second, LogGrid.RerunTolerance), $"{p.First} twice"));
        // The coarse grid's 6, then 4 new of 5 in each refinement (the middle one is the best, already run).
        Assert.Equal(6 + 4 + 4, issued.Count);
        Assert.Equal(issued.Count, issued.Select(r => r.Key).Distinct().Count());
        Assert.Equal(issued.Count, search.Outcomes.Count);
    }

    [Fact]
    public void TheBestRateEndsWithinTheLastRefinementsSpacingOfTheOptimum()
    {
        var (search, _) = Run(0.37);
        var spacing = Math.Pow(1 / 0.215443, 1 / 6.0);
        Assert.InRange(search.Best!.LearningRate, 0.37 / spacing, 0.37 * spacing);
    }

    [Fact]
    public void ABestRateAtMaxExtendsTheSearchUpward()
    {
        var (search, issued) = Run(50);
        var stages = search.Stages;
        Assert.Equal(10, stages[0].BestLearningRate);
        // The missing right neighbour of 10 is 100, one coarse spacing further out.
        Assert.Equal(Math.Pow(10, 5 / 3.0), stages[1].LearningRates[^1], 1e-9);
        Assert.Contains(issued, r => r.LearningRate > 10);
        Assert.True(search.Best!.LearningRate > 10, $"best {search.Best.LearningRate}");
    }

    [Fact]
    public void ABestRateAtMinExtendsTheSearchDownward()
    {
        var (search, _) = Run(2e-6);
        Assert.Equal(1e-4, search.Stages[0].BestLearningRate);
        Assert.True(search.Best!.LearningRate < 1e-4, $"best {search.Best.LearningRate}");
    }

    [Fact]
    public void WhenEverythingDivergesTheSearchWalksDown()
    {
        var search = new SweepSearch(Sweeps.Quadratic("""{ "kind": "coarse-to-fine", "min": 0.1, "max": 10, "refinements": 2, "metric": "trainLoss" }"""));
        Sweeps.Drive(search, r => r.LearningRate > 0.05 ? Sweeps.Diverged(r) : Sweeps.Completed(r, 1));
        Assert.True(search.Best!.Status == TrialStatus.Completed, $"best {search.Best}");
        Assert.True(search.Best.LearningRate < 0.05);
    }

    [Fact]
    public void NeighboursAreTheRunRatesEitherSideOrAMirrorWhereOneIsMissing()
    {
        Assert.Equal((0.1, 10.0), CoarseToFineStrategy.Neighbours(1, [0.01, 0.1, 1, 10, 100]));
        Assert.Equal((1.0, 100.0), CoarseToFineStrategy.Neighbours(10, [0.1, 1, 10]));
        Assert.Equal((0.01, 1.0), CoarseToFineStrategy.Neighbours(0.1, [0.1, 1, 10]));
        Assert.Equal((0.1, 10.0), CoarseToFineStrategy.Neighbours(1, [1]));
    }
}
