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
    private readonly int[]? _integerMus;
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
            _integerMus = new int[Observations];
            for (int k = 0; k < Observations; k++) _integerMus[k] = (int)(Mus[k] - Low - HalfStep);
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
            // Inside the range nothing is clipped, so an observation's mass is a function of the integer x − μ:
            // table index x − μ + (max − min), with x and μ counted from min.
            var table = _massByOffset.AsSpan();
            var mus = _integerMus.AsSpan();
            var logAccept = _logAccept.AsSpan(0, mus.Length);
            int shift = (int)(x - Low - HalfStep) + (int)_maxOffset;
            double sigma = ObservationSigma;
            for (int k = 0; k < mus.Length; k++)
            {
                int index = shift - mus[k];
                double mass = table[index];
                if (double.IsNaN(mass))
                {
                    double offset = index - _maxOffset;
                    mass = table[index] = TruncatedNormal.LogGaussMass((offset - HalfStep) / sigma, (offset + HalfStep) / sigma);
                }
                destination[k] += mass - logAccept[k];
            }
            direct = Observations;
        }
        for (int k = direct; k < destination.Length; k++)
        {
            double mu = Mus[k], sigma = Sigma(k);
            destination[k] += TruncatedNormal.LogGaussMass((lower - mu) / sigma, (upper - mu) / sigma) - _logAccept[k];
        }
    }
}
