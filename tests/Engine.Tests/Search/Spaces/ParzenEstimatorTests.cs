using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>
/// Small estimators worked out by hand from Optuna 3.1's multivariate rules (with the −log σ of optuna/optuna#5110):
/// two observations in one dimension, so σ₀ = 0.2·2^(−1/5) = 0.174110, and the magic clip's floor range/min(100, 1 + 3)
/// = range/4 is what binds. Weights: default_weights(2) = [1, 1], prior 1, normalised to ⅓ each.
/// Φ values from Φ(t) = ½ erfc(−t/√2).
/// </summary>
public sealed class ParzenEstimatorTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void AFloatRangeHasTheClippedWidthAndThePriorAtTheCentre()
    {
        // [0, 10], observations 2 and 7. σ₀·10 = 1.7411 < floor 10/4 = 2.5, so both kernels are 2.5 wide; the prior is N(5, 10).
        var estimator = Parzen.For(new SearchSpace(new FloatDimension("x", 0, 10)), [[2.0], [7.0]]);

        Near.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], estimator.Weights.ToArray(), Tolerance);
        Assert.Equal([2.0, 7.0, 5.0], estimator.Gaussian(0).Mus);
        Near.Equal([2.5, 2.5, 10.0], estimator.Gaussian(0).Sigmas, Tolerance);
    }

    [Fact]
    public void AFloatRangesLogDensityIsTheWeightedMixtureOfTruncatedGaussians()
    {
        // At x = 2, each component: log N(z) − log σ − log P(accept), z = (x − μ)/σ, P(accept) = Φ((10 − μ)/σ) − Φ((0 − μ)/σ).
        //   μ=2, σ=2.5: z=0,    accept Φ(3.2) − Φ(−0.8) = 0.787457463; −0.918938533 − 0.916290732 + 0.238945924 = −1.596283341
        //   μ=7, σ=2.5: z=−2,   accept Φ(1.2) − Φ(−2.8) = 0.882375199; −2.918938533 − 0.916290732 + 0.125137917 = −3.710091348
        //   μ=5, σ=10:  z=−0.3, accept Φ(0.5) − Φ(−0.5) = 0.382924923; −0.963938533 − 2.302585093 + 0.959916334 = −2.306607293
        // ⅓(e^−1.596283341 + e^−3.710091348 + e^−2.306607293) = ⅓(0.202641 + 0.024471 + 0.099610) = 0.108907390 → log −2.217257391.
        var estimator = Parzen.For(new SearchSpace(new FloatDimension("x", 0, 10)), [[2.0], [7.0]]);

        Assert.Equal(-2.217257390853279, estimator.LogPdf(2.0), 1e-12);
        // At x = 5: −2.316283341, −2.030091348, −2.261607293 → ⅓·0.334146 = 0.111381979 → −2.194789733.
        Assert.Equal(-2.194789733473768, estimator.LogPdf(5.0), 1e-12);
    }

    [Fact]
    public void ALogRangeIsModelledOnTheLogarithm()
    {
        // [1e-3, 1] log: model range [ln 1e-3, 0] = [−6.907755, 0]; observations 0.01, 0.1 → μ = −4.605170, −2.302585.
        // σ₀·6.907755 = 1.202710 < floor 6.907755/4 = 1.726939. Prior: μ = −3.453878, σ = 6.907755.
        var estimator = Parzen.For(new SearchSpace(new FloatDimension("lr", 1e-3, 1, log: true)), [[0.01], [0.1]]);
        Near.Equal([Math.Log(0.01), Math.Log(0.1), 0.5 * Math.Log(1e-3)], estimator.Gaussian(0).Mus, Tolerance);
        Near.Equal([1.7269388197455342, 1.7269388197455342, 6.907755278982137], estimator.Gaussian(0).Sigmas, Tolerance);

        // At 0.01 (x = −4.605170): both observation kernels accept Φ(2.666667) − Φ(−1.333333) = 0.904958400;
        //   μ=−4.605: z=0       → −0.918938533 − 0.546417 + 0.099866304 = −1.365422602
        //   μ=−2.303: z=−1.3333 → −1.807827422 − 0.546417 + 0.099866304 = −2.254311491
        //   prior:    z=−0.1667 → −0.932827422 − 1.932645 + 0.959916334 = −1.905555822
        // ⅓(0.255283 + 0.104945 + 0.148730) = 0.169652832 → −1.774001095 (a density in ln x, no Jacobian: l and g share it).
        Assert.Equal(-1.774001094934986, estimator.LogPdf(0.01), 1e-12);
    }

    [Fact]
    public void AnIntegerRangeTakesEachKernelsMassOverTheUnitAroundTheValue()
    {
        // [0, 10] integer: model range [−0.5, 10.5], width 11; σ₀·11 = 1.915211 < floor 11/4 = 2.75. Prior N(5, 11).
        var estimator = Parzen.For(new SearchSpace(new IntegerDimension("n", 0, 10)), [[3.0], [4.0]]);
        Assert.Equal([3.0, 4.0, 5.0], estimator.Gaussian(0).Mus);
        Near.Equal([2.75, 2.75, 11.0], estimator.Gaussian(0).Sigmas, Tolerance);

        // P(3) per component = [Φ((3.5 − μ)/σ) − Φ((2.5 − μ)/σ)] / [Φ((10.5 − μ)/σ) − Φ((−0.5 − μ)/σ)]:
        //   μ=3: 0.144274585 / 0.895249570 = 0.161155715
        //   μ=4: 0.135142240 / 0.940069965 = 0.143757641
        //   μ=5: 0.035661070 / 0.382924923 = 0.093128099
        // ⅓ · 0.398041455 = 0.132680485 → −2.019811409.
        Assert.Equal(-2.019811409086127, estimator.LogPdf(3.0), 1e-12);
        // P(10): 0.005855271/0.895249570 = 0.006540379, 0.013701849/0.940069965 = 0.014575351, 0.032698935/0.382924923 = 0.085392549
        // → ⅓ · 0.106508278 = 0.035502759 → −3.338144862.
        Assert.Equal(-3.338144862084727, estimator.LogPdf(10.0), 1e-12);
    }

    [Fact]
    public void AnIntegerLogRangeIsContinuousOnTheWidenedLogarithm()
    {
        // [1, 64] integer with log: model range [ln 0.5, ln 64.5] (Optuna widens by ½ before the log, then rounds exp(x)).
        var estimator = Parzen.For(new SearchSpace(new IntegerDimension("b", 1, 64, log: true)), [[8.0], [32.0]]);
        var kernel = estimator.Gaussian(0);
        Assert.Equal(Math.Log(0.5), kernel.Low, Tolerance);
        Assert.Equal(Math.Log(64.5), kernel.High, Tolerance);
        Near.Equal([Math.Log(8), Math.Log(32), 0.5 * (Math.Log(0.5) + Math.Log(64.5))], kernel.Mus, Tolerance);
        double range = Math.Log(64.5) - Math.Log(0.5);
        Near.Equal([range / 4, range / 4, range], kernel.Sigmas, Tolerance);
    }

    [Fact]
    public void ACategoricalDimensionAddsOneToTheObservedCategoryOverAPriorOfOneThirdEach()
    {
        // Three categories, observations 1 and 1. Rows start at prior/(n + 1) = ⅓, the observed category gains 1:
        // [⅓, 4/3, ⅓] / 2 = [1/6, 2/3, 1/6]; the prior's row [⅓, ⅓, ⅓].
        var space = new SearchSpace(new CategoricalDimension("opt", [ParameterValue.Of("sgd"), ParameterValue.Of("adam"), ParameterValue.Of("rmsprop")]));
        var estimator = Parzen.For(space, [[1.0], [1.0]]);
        var kernel = estimator.Categorical(0);
        Near.Equal([1 / 6.0, 2 / 3.0, 1 / 6.0], kernel.Row(0), Tolerance);
        Near.Equal([1 / 6.0, 2 / 3.0, 1 / 6.0], kernel.Row(1), Tolerance);
        Near.Equal([1 / 3.0, 1 / 3.0, 1 / 3.0], kernel.Row(2), Tolerance);

        // P(adam) = ⅓(2/3 + 2/3 + 1/3) = 5/9; P(sgd) = ⅓(1/6 + 1/6 + 1/3) = 2/9.
        Assert.Equal(Math.Log(5 / 9.0), estimator.LogPdf(1.0), 1e-14);
        Assert.Equal(Math.Log(2 / 9.0), estimator.LogPdf(0.0), 1e-14);
    }

    [Fact]
    public void DimensionsMultiplyWithinAComponentAndNotAcrossThem()
    {
        // Two dimensions, one observation (0.2, category 1) plus the prior, weights ½ and ½. σ₀ = 0.2·1^(−1/6) = 0.2 is
        // below the floor 1/min(100, 1 + 2) = ⅓, so σ = ⅓; the prior is N(0.5, 1).
        var space = new SearchSpace(new FloatDimension("x", 0, 1), new CategoricalDimension("c", [ParameterValue.Of(1), ParameterValue.Of(2)]));
        var estimator = Parzen.For(space, [[0.2, 1.0]]);
        Near.Equal([1 / 3.0, 1.0], estimator.Gaussian(0).Sigmas, Tolerance);

        // Category rows fill prior/(n + 1) = ½; the observation's gains 1 at index 1: [½, 3/2]/2 = [¼, ¾]; the prior's [½, ½].
        // Density at (0.3, 1) = ½·N_trunc(0.3; 0.2, ⅓)·¾ + ½·N_trunc(0.3; 0.5, 1)·½.
        double Truncated(double x, double mu, double sigma) =>
            Math.Exp(-0.5 * Math.Pow((x - mu) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI)) /
            (TruncatedNormal.Ndtr((1 - mu) / sigma) - TruncatedNormal.Ndtr((0 - mu) / sigma));
        double expected = 0.5 * Truncated(0.3, 0.2, 1 / 3.0) * 0.75 + 0.5 * Truncated(0.3, 0.5, 1.0) * 0.5;
        Assert.Equal(Math.Log(expected), estimator.LogPdf(0.3, 1.0), 1e-12);
    }

    [Fact]
    public void ManyObservationsNarrowTheKernelsByScottsRule()
    {
        // 30 observations on [0, 10], one dimension: σ = 0.2·30^(−1/5)·10 = 1.012661 above the floor 10/min(100, 32) = 0.3125.
        var observations = Enumerable.Range(0, 30).Select(i => new[] { i / 3.0 }).ToArray();
        var estimator = Parzen.For(new SearchSpace(new FloatDimension("x", 0, 10)), observations);
        Assert.Equal(2 * Math.Pow(30, -0.2), estimator.Gaussian(0).ObservationSigma, Tolerance);
        Assert.Equal(31, estimator.Components);
    }

    [Fact]
    public void TheDensityOfAFloatRangeIntegratesToOne()
    {
        var estimator = Parzen.For(new SearchSpace(new FloatDimension("x", -3, 5)), [[-2.9], [0.0], [1.0], [4.99]]);
        const int steps = 200_000;
        double width = 8.0 / steps, sum = 0;
        for (int i = 0; i < steps; i++) sum += Math.Exp(estimator.LogPdf(-3 + (i + 0.5) * width)) * width;
        Assert.Equal(1.0, sum, 1e-6);
    }

    [Fact]
    public void TheMassesOfAnIntegerRangeSumToOne()
    {
        var estimator = Parzen.For(new SearchSpace(new IntegerDimension("n", -4, 12)), [[-4.0], [3.0], [3.0], [12.0]]);
        double sum = 0;
        for (int n = -4; n <= 12; n++) sum += Math.Exp(estimator.LogPdf(n));
        Assert.Equal(1.0, sum, 1e-12);
    }
}
