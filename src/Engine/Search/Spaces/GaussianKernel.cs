namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Truncated Gaussians on a numeric dimension's model-space range, one per observation plus the prior (Optuna 3.1's
/// <c>_calculate_numerical_params</c>, multivariate branch): every observation's width is the same, σ₀·(high − low)
/// with σ₀ = 0.2·n^(−1/(d+4)) (Scott's rule, as in BOHB), clipped to [(high − low)/min(100, components + 1), high − low];
/// the prior sits at the range's centre with width high − low.
/// </summary>
internal abstract class GaussianKernel : ParzenKernel
{
    private const double Eps = 1e-12;

    protected GaussianKernel(ModelDimension dimension, ReadOnlySpan<double> observations, double sigma0, TpeSettings settings, bool withPrior)
    {
        Low = dimension.Low;
        High = dimension.High;
        Observations = observations.Length;
        int components = Observations + (withPrior ? 1 : 0);
        Mus = new double[components];
        observations.CopyTo(Mus);
        double range = High - Low;
        double minSigma = settings.ConsiderMagicClip ? range / Math.Min(100.0, 1.0 + components) : Eps;
        ObservationSigma = Math.Min(Math.Max(sigma0 * range, minSigma), range);
        if (withPrior)
        {
            Mus[Observations] = 0.5 * (Low + High);
            PriorSigma = 1.0 * range;
        }
    }

    public double Low { get; }

    public double High { get; }

    /// <summary>Centres, observations first (in the order given), then the prior's.</summary>
    public double[] Mus { get; }

    /// <summary>The width every observation's kernel shares.</summary>
    public double ObservationSigma { get; }

    /// <summary>The prior's width (unused without the prior).</summary>
    public double PriorSigma { get; }

    public int Observations { get; }

    /// <summary>Each component's width, as Optuna stores them (for inspection; the kernels use the two shared values).</summary>
    public double[] Sigmas => Enumerable.Range(0, Mus.Length).Select(Sigma).ToArray();

    public double Sigma(int component) => component < Observations ? ObservationSigma : PriorSigma;

    public override double Sample(int component, double u)
    {
        double mu = Mus[component], sigma = Sigma(component);
        return TruncatedNormal.Quantile(u, (Low - mu) / sigma, (High - mu) / sigma) * sigma + mu;
    }

    /// <summary>log P(component lands in [low, high]): the truncation's normaliser.</summary>
    protected double LogAccept(int component)
    {
        double mu = Mus[component], sigma = Sigma(component);
        return TruncatedNormal.LogGaussMass((Low - mu) / sigma, (High - mu) / sigma);
    }
}
