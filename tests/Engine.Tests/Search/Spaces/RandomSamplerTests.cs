using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

public sealed class RandomSamplerTests
{
    private static SearchPoint[] Draw(SearchSpace space, int count, int seed = 3)
    {
        var sampler = new RandomSampler(space, seed);
        return Enumerable.Range(0, count).Select(k => sampler.Propose(k, [])).ToArray();
    }

    [Fact]
    public void ALogRangeIsUniformInItsLogarithm()
    {
        // [1e-5, 1]: five decades, each should hold a fifth of 5,000 draws (binomial sd ≈ 28).
        var points = Draw(new SearchSpace(new FloatDimension("lr", 1e-5, 1, log: true)), 5000);
        Assert.All(points, p => Assert.InRange(p[0], 1e-5, 1));
        var perDecade = points.GroupBy(p => (int)Math.Floor(Math.Log10(p[0]))).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([-5, -4, -3, -2, -1], perDecade.Keys.Order());
        Assert.All(perDecade.Values, n => Assert.InRange(n, 880, 1120));
    }

    [Fact]
    public void IntegersIncludeBothEndsAsOftenAsTheMiddle()
    {
        // Uniform on [−0.5, 3.5) then rounded: each of 0..3 a quarter of the time.
        var points = Draw(new SearchSpace(new IntegerDimension("n", 0, 3)), 4000);
        var counts = points.GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal([0.0, 1.0, 2.0, 3.0], counts.Keys.Order());
        Assert.All(counts.Values, n => Assert.InRange(n, 880, 1120));
    }

    [Fact]
    public void AnIntegerLogRangeFavoursSmallValuesAndStaysInRange()
    {
        var points = Draw(new SearchSpace(new IntegerDimension("b", 1, 1024, log: true)), 4000);
        Assert.All(points, p => Assert.True(p[0] >= 1 && p[0] <= 1024 && Math.Floor(p[0]) == p[0]));
        Assert.InRange(points.Count(p => p[0] <= 32), 1800, 2200); // half the logarithm's range
    }

    [Fact]
    public void CategoriesAreEquallyLikely()
    {
        var space = new SearchSpace(new CategoricalDimension("o", [ParameterValue.Of("sgd"), ParameterValue.Of("adam"), ParameterValue.Of(3)]));
        var counts = Draw(space, 3000).GroupBy(p => p[0]).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 880, 1120));
    }

    [Fact]
    public void AProposalDependsOnTheSeedAndTheTrialIndexOnly()
    {
        var space = new SearchSpace(new FloatDimension("x", 0, 1), new IntegerDimension("n", 0, 100));
        var one = new RandomSampler(space, 5);
        var other = new RandomSampler(space, 5);
        var seen = new TrialObservation[] { TrialObservation.Completed(new SearchPoint([0.5, 3]), 1.0) };
        Assert.Equal(one.Propose(7, []), other.Propose(7, seen));
        Assert.NotEqual(one.Propose(7, []), one.Propose(8, []));
        Assert.NotEqual(one.Propose(7, []), new RandomSampler(space, 6).Propose(7, []));
    }
}
