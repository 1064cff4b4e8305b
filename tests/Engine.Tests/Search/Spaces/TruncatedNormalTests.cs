using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>
/// The truncated normal's pieces against Optuna 3.1's <c>_truncnorm</c> (values printed by its <c>_log_ndtr_single</c>,
/// <c>_log_gauss_mass</c> and <c>ppf</c>, which bisects where the Engine inverts erfc), to 1e-12 relative.
/// </summary>
public sealed class TruncatedNormalTests
{
    [Theory]
    [InlineData(-1.0, -1.8410216450092634)]
    [InlineData(-5.0, -15.064998393988724)]
    [InlineData(-19.0, -184.36612866916093)]
    [InlineData(-25.0, -316.6394080080202)]      // the asymptotic series
    [InlineData(-30.0, -454.32124395634315)]
    [InlineData(3.0, -0.0013508099647482027)]
    [InlineData(7.0, -1.279812543885835e-12)]    // −Φ(−7)
    public void LogNdtrIsOptunas(double a, double expected) =>
        Assert.Equal(expected, TruncatedNormal.LogNdtr(a), Math.Abs(expected) * 1e-12);

    [Theory]
    [InlineData(-100.0, 0.0, -0.6931471805599453)]
    [InlineData(0.5, 40.0, -1.1759117615936188)]
    [InlineData(-3.0, 3.0, -0.002703447085475981)]
    [InlineData(-0.2, 0.3, -1.6236832388683204)]
    [InlineData(20.0, 21.0, -203.91715537228816)]  // far in the right tail: mirrored to the left
    public void LogGaussMassIsOptunas(double a, double b, double expected) =>
        Assert.Equal(expected, TruncatedNormal.LogGaussMass(a, b), Math.Abs(expected) * 1e-12);

    [Theory]
    [InlineData(0.3, -100.0, 0.0, -1.0364333894937898)]
    [InlineData(0.3, 0.5, 40.0, 0.7858548057650254)]
    [InlineData(0.999, -1.0, 30.0, 3.141179357253158)]
    [InlineData(1e-9, 2.0, 3.0, 2.0000000003963665)]
    public void TheQuantileIsOptunas(double q, double a, double b, double expected) =>
        Assert.Equal(expected, TruncatedNormal.Quantile(q, a, b), Math.Abs(expected) * 1e-10);

    [Fact]
    public void TheQuantileInvertsTheTruncatedDistribution()
    {
        foreach (var (a, b) in new[] { (-100.0, 0.0), (-3.0, 3.0), (0.5, 40.0), (-40.0, -2.0), (-0.01, 0.02) })
        {
            double logMass = TruncatedNormal.LogGaussMass(a, b);
            for (double q = 0.05; q < 1; q += 0.1)
            {
                double x = TruncatedNormal.Quantile(q, a, b);
                Assert.InRange(x, a, b);
                double below = Math.Exp(TruncatedNormal.LogGaussMass(a, x) - logMass);
                Assert.Equal(q, below, 1e-9);
            }
        }
    }

    [Fact]
    public void DrawsFromAnEstimatorFollowItsDensity()
    {
        // 40,000 draws from a 1-D mixture on [0, 10]: the share in each unit bin matches the integral of exp(log_pdf).
        var space = new SearchSpace(new FloatDimension("x", 0, 10));
        var estimator = Parzen.For(space, [[1.0], [1.5], [8.0]]);
        var random = new SweepCluster.Engine.Data.SeededRandom(5);
        const int draws = 40_000;
        var samples = new double[draws];
        estimator.Sample(random, draws, new int[draws], samples);
        for (int bin = 0; bin < 10; bin++)
        {
            double expected = 0;
            for (int i = 0; i < 1000; i++) expected += Math.Exp(estimator.LogPdf(bin + (i + 0.5) / 1000)) / 1000;
            double share = samples.Count(s => s >= bin && s < bin + 1) / (double)draws;
            Assert.True(Math.Abs(share - expected) < 4 * Math.Sqrt(expected * (1 - expected) / draws) + 1e-4,
                $"bin [{bin}, {bin + 1}): {share:F4} of draws, density gives {expected:F4}");
        }
    }

    [Fact]
    public void IntegerDrawsFollowTheKernelsMasses()
    {
        var space = new SearchSpace(new IntegerDimension("n", 0, 6));
        var estimator = Parzen.For(space, [[0.0], [2.0], [2.0], [6.0]]);
        var random = new SweepCluster.Engine.Data.SeededRandom(9);
        const int draws = 40_000;
        var samples = new double[draws];
        estimator.Sample(random, draws, new int[draws], samples);
        for (int n = 0; n <= 6; n++)
        {
            double expected = Math.Exp(estimator.LogPdf(n));
            double share = samples.Count(s => s == n) / (double)draws;
            Assert.True(Math.Abs(share - expected) < 4 * Math.Sqrt(expected * (1 - expected) / draws),
                $"{n}: {share:F4} of draws, mass {expected:F4}");
        }
    }
}
