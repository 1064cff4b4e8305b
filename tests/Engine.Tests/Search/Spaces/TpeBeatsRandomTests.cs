using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>The point of TPE: on a smooth bowl it finds lower values than random search with the same budget.</summary>
public sealed class TpeBeatsRandomTests(ITestOutputHelper output)
{
    [Fact]
    public void TpesMedianBestAfterFiftyTrialsIsBelowRandomsOverTenSeeds()
    {
        var tpe = new double[10];
        var random = new double[10];
        for (int seed = 0; seed < 10; seed++)
        {
            tpe[seed] = Bowl.BestAfter(new TpeSampler(Bowl.Space, seed), 50);
            random[seed] = Bowl.BestAfter(new RandomSampler(Bowl.Space, seed), 50);
        }
        double tpeMedian = Median(tpe), randomMedian = Median(random);
        output.WriteLine($"median best after 50: TPE {tpeMedian:G4}, random {randomMedian:G4}; TPE wins {tpe.Zip(random).Count(p => p.First < p.Second)} of 10 seeds");
        output.WriteLine($"TPE    {string.Join(" ", tpe.Select(v => v.ToString("G3")))}");
        output.WriteLine($"random {string.Join(" ", random.Select(v => v.ToString("G3")))}");

        Assert.True(tpeMedian < randomMedian / 2, $"TPE's median best {tpeMedian:G4} should be well below random's {randomMedian:G4}.");
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return 0.5 * (sorted[4] + sorted[5]);
    }
}
