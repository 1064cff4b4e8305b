using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

public sealed class SeededRandomTests
{
    [Fact]
    public void GivenTheReferenceSeedItYieldsTheReferenceDemoSequence()
    {
        // pcg32-demo.c of the PCG reference implementation: pcg32_srandom_r(&rng, 42u, 54u), first six outputs.
        var random = new SeededRandom(42UL, 54UL);
        uint[] expected = [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e];
        Assert.Equal(expected, Enumerable.Range(0, 6).Select(_ => random.NextUInt32()).ToArray());
    }

    [Fact]
    public void TheSameSeedAndStreamRepeatTheSequenceAndOtherStreamsDiffer()
    {
        uint[] Take(SeededRandom r) => Enumerable.Range(0, 20).Select(_ => r.NextUInt32()).ToArray();
        Assert.Equal(Take(new SeededRandom(7)), Take(new SeededRandom(7)));
        Assert.NotEqual(Take(new SeededRandom(7)), Take(new SeededRandom(8)));
        Assert.NotEqual(Take(new SeededRandom(7, 0)), Take(new SeededRandom(7, 1)));
        Assert.NotEqual(Take(new SeededRandom(-1)), Take(new SeededRandom(1)));
    }

    [Fact]
    public void NextStaysBelowItsBoundAndReachesEveryValue()
    {
        var random = new SeededRandom(3);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[random.Next(7)]++;
        Assert.All(counts, c => Assert.InRange(c, 9_500, 10_500));
        Assert.Equal(0, random.Next(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => random.Next(0));
    }

    [Fact]
    public void NextDoubleIsInTheUnitIntervalAndGaussiansAreStandardNormal()
    {
        var random = new SeededRandom(11);
        const int n = 200_000;
        double sum = 0, sumSquares = 0;
        for (int i = 0; i < n; i++)
        {
            double u = random.NextDouble();
            Assert.InRange(u, 0.0, Math.BitDecrement(1.0));
            double g = random.NextGaussian();
            sum += g;
            sumSquares += g * g;
        }
        // Standard errors: 1/√n ≈ 0.0022 for the mean, √(2/n) ≈ 0.0032 for the variance; 5 of them is a safe margin.
        Assert.InRange(sum / n, -0.011, 0.011);
        Assert.InRange(sumSquares / n, 1 - 0.016, 1 + 0.016);
    }

    [Fact]
    public void ShuffleGivesAPermutationThatTheSeedDetermines()
    {
        int[] a = new SeededRandom(5).Permutation(1000);
        int[] b = new SeededRandom(5).Permutation(1000);
        int[] c = new SeededRandom(6).Permutation(1000);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());

        Span<int> items = [10, 20, 30, 40];
        new SeededRandom(1).Shuffle(items);
        Assert.Equal(new[] { 10, 20, 30, 40 }, items.ToArray().Order());
    }
}
