namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Truncated Gaussian densities: log N((x − μ)/σ) − log σ − log P(accept), −∞ outside the range (Optuna's
/// <c>_truncnorm.logpdf</c>, with the −log σ of optuna/optuna#5110 unless <see cref="TpeSettings.OmitKernelScale"/>).
/// </summary>
internal sealed class ContinuousKernel : GaussianKernel
{
    private readonly double[] _inverseSigmas;
    private readonly double[] _offsets;

    public ContinuousKernel(ModelDimension dimension, ReadOnlySpan<double> observations, double sigma0, TpeSettings settings, bool withPrior)
        : base(dimension, observations, sigma0, settings, withPrior)
    {
        _inverseSigmas = new double[Mus.Length];
        _offsets = new double[Mus.Length];
        for (int k = 0; k < Mus.Length; k++)
        {
            _inverseSigmas[k] = 1 / Sigmas[k];
            double scale = settings.OmitKernelScale ? 0 : Math.Log(Sigmas[k]);
            _offsets[k] = -TruncatedNormal.LogSqrt2Pi - scale - LogAccept(k);
        }
    }

    public override void AddLogDensity(double x, Span<double> componentLogPdf)
    {
        var destination = componentLogPdf[..Mus.Length];
        if (!(x >= Low && x <= High))
        {
            destination.Fill(double.NegativeInfinity);
            return;
        }
        var mus = Mus.AsSpan();
        var inverseSigmas = _inverseSigmas.AsSpan(0, mus.Length);
        var offsets = _offsets.AsSpan(0, mus.Length);
        for (int k = 0; k < destination.Length; k++)
        {
            double z = (x - mus[k]) * inverseSigmas[k];
            destination[k] += offsets[k] - 0.5 * z * z;
        }
    }
}
