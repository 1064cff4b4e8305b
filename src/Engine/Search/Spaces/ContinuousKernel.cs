using System.Numerics;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Truncated Gaussian densities: log N((x − μ)/σ) − log σ − log P(accept), −∞ outside the range (Optuna's
/// <c>_truncnorm.logpdf</c>, with the −log σ of optuna/optuna#5110 unless <see cref="TpeSettings.OmitKernelScale"/>).
/// </summary>
internal sealed class ContinuousKernel : GaussianKernel
{
    private readonly double[] _offsets; // per component: −log √(2π) − log σ − log P(accept)

    public ContinuousKernel(ModelDimension dimension, ReadOnlySpan<double> observations, double sigma0, TpeSettings settings, bool withPrior)
        : base(dimension, observations, sigma0, settings, withPrior)
    {
        _offsets = new double[Mus.Length];
        double observationScale = settings.OmitKernelScale ? 0 : Math.Log(ObservationSigma);
        double priorScale = settings.OmitKernelScale ? 0 : Math.Log(PriorSigma);
        for (int k = 0; k < Mus.Length; k++)
            _offsets[k] = -TruncatedNormal.LogSqrt2Pi - (k < Observations ? observationScale : priorScale) - LogAccept(k);
    }

    public override void AddLogDensity(double x, Span<double> componentLogPdf)
    {
        var destination = componentLogPdf[..Mus.Length];
        if (!(x >= Low && x <= High))
        {
            destination.Fill(double.NegativeInfinity);
            return;
        }
        // The observations share σ: lanes of Vector<double> compute exactly what the scalar loop would (no fused operations).
        var mus = Mus.AsSpan(0, Observations);
        var offsets = _offsets.AsSpan();
        double inverse = 1 / ObservationSigma;
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var xs = new Vector<double>(x);
            var inverses = new Vector<double>(inverse);
            var halves = new Vector<double>(0.5);
            for (; k <= mus.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var z = (xs - new Vector<double>(mus[k..])) * inverses;
                var sum = new Vector<double>(destination[k..]) + (new Vector<double>(offsets[k..]) - halves * z * z);
                sum.CopyTo(destination[k..]);
            }
        }
        for (; k < mus.Length; k++)
        {
            double z = (x - mus[k]) * inverse;
            destination[k] += offsets[k] - 0.5 * z * z;
        }
        for (k = mus.Length; k < destination.Length; k++)
        {
            double z = (x - Mus[k]) / PriorSigma;
            destination[k] += offsets[k] - 0.5 * z * z;
        }
    }
}
