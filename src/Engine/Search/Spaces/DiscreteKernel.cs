namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Integer kernels: the truncated Gaussian's mass over [x − ½, x + ½] ∩ [low, high] over its mass on [low, high]
/// (Optuna 3.1's <c>log_pdf</c> with q = 1). The observations share one width and sit on integers, so the mass
/// depends on x − μ alone: it is computed once per offset and reused across observations and candidates.
/// </summary>
internal sealed class DiscreteKernel : GaussianKernel
{
    private const double HalfStep = 0.5;
    private const long MaxTableOffset = 4096;

    private readonly double[] _logAccept;
    private readonly double[]? _massByOffset; // NaN until computed; index x − μ + range
    private readonly long _maxOffset;

    public DiscreteKernel(ModelDimension dimension, ReadOnlySpan<double> observations, double sigma0, TpeSettings settings, bool withPrior)
        : base(dimension, observations, sigma0, settings, withPrior)
    {
        _logAccept = new double[Mus.Length];
        for (int k = 0; k < Mus.Length; k++) _logAccept[k] = LogAccept(k);
        _maxOffset = (long)(High - Low) - 1;
        bool integral = true;
        for (int k = 0; k < Observations; k++) integral &= Math.Floor(Mus[k]) == Mus[k];
        if (integral && _maxOffset <= MaxTableOffset && Observations > 0)
        {
            _massByOffset = new double[2 * _maxOffset + 1];
            _massByOffset.AsSpan().Fill(double.NaN);
        }
    }

    public override void AddLogDensity(double x, Span<double> componentLogPdf)
    {
        var destination = componentLogPdf[..Mus.Length];
        double upper = Math.Min(x + HalfStep, High), lower = Math.Max(x - HalfStep, Low);
        int direct = 0;
        if (_massByOffset is not null && Math.Floor(x) == x && x - HalfStep >= Low && x + HalfStep <= High)
        {
            // Inside the range nothing is clipped, so an observation's mass is a function of the integer x − μ.
            var table = _massByOffset.AsSpan();
            double sigma = ObservationSigma;
            for (int k = 0; k < Observations; k++)
            {
                double offset = x - Mus[k];
                ref double mass = ref table[(int)((long)offset + _maxOffset)];
                if (double.IsNaN(mass))
                    mass = TruncatedNormal.LogGaussMass((offset - HalfStep) / sigma, (offset + HalfStep) / sigma);
                destination[k] += mass - _logAccept[k];
            }
            direct = Observations;
        }
        for (int k = direct; k < destination.Length; k++)
        {
            double mu = Mus[k], sigma = Sigmas[k];
            destination[k] += TruncatedNormal.LogGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - _logAccept[k];
        }
    }
}
