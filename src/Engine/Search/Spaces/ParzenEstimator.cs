using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// A multivariate Parzen estimator over a search space's free dimensions (Optuna 3.1's <c>_ParzenEstimator</c> with
/// <c>multivariate=True</c>, optuna/samplers/_tpe/parzen_estimator.py): a mixture with one component per observation,
/// weighted by <see cref="TpeSettings.Weights"/> in the order given (oldest first), plus the prior component; each
/// component is a product of one kernel per dimension. Built from model-space coordinates (logarithms for log ranges,
/// category indices).
/// </summary>
internal sealed class ParzenEstimator
{
    private const double Sigma0Magnitude = 0.2;

    private readonly ModelDimension[] _dimensions;
    private readonly ParzenKernel[] _kernels;
    private readonly double[] _weights;
    private readonly double[] _logWeights;
    private readonly double[] _cumulative;

    /// <param name="dimensions">The free dimensions.</param>
    /// <param name="observations">Per dimension, the observations' model-space coordinates (all the same length n).</param>
    /// <param name="weights">The observations' weights, oldest first; null for <see cref="TpeSettings.Weights"/>'s.</param>
    public ParzenEstimator(ModelDimension[] dimensions, IReadOnlyList<double[]> observations, int count, TpeSettings settings, double[]? weights = null)
    {
        _dimensions = dimensions;
        bool withPrior = settings.ConsiderPrior || count == 0;
        Components = count + (withPrior ? 1 : 0);

        _weights = new double[Components];
        if (weights is null) TpeSettings.Weights(count, _weights.AsSpan(0, count));
        else weights.AsSpan(0, count).CopyTo(_weights);
        if (withPrior) _weights[count] = settings.PriorWeight;
        double total = 0;
        foreach (var w in _weights) total += w;
        _logWeights = new double[Components];
        _cumulative = new double[Components];
        double running = 0;
        for (int k = 0; k < Components; k++)
        {
            _weights[k] /= total;
            _logWeights[k] = Math.Log(_weights[k]);
            running += _weights[k];
            _cumulative[k] = running;
        }
        for (int k = 0; k < Components; k++) _cumulative[k] /= running;

        double sigma0 = Sigma0Magnitude * Math.Pow(Math.Max(count, 1), -1.0 / (dimensions.Length + 4));
        _kernels = new ParzenKernel[dimensions.Length];
        for (int j = 0; j < dimensions.Length; j++)
        {
            var column = observations[j].AsSpan(0, count);
            _kernels[j] = dimensions[j].Kind switch
            {
                KernelKind.Continuous => new ContinuousKernel(dimensions[j], column, sigma0, settings, withPrior),
                KernelKind.Discrete => new DiscreteKernel(dimensions[j], column, sigma0, settings, withPrior),
                _ => new CategoricalKernel(dimensions[j].Choices, column, settings, withPrior),
            };
        }
    }

    /// <summary>Observations plus the prior.</summary>
    public int Components { get; }

    public ReadOnlySpan<double> Weights => _weights;

    public ParzenKernel Kernel(int dimension) => _kernels[dimension];

    /// <summary>
    /// <paramref name="count"/> draws as coordinates (count × dimensions, row-major): first a component per draw, then
    /// each dimension for every draw in turn (Optuna's order of random numbers).
    /// </summary>
    public void Sample(SeededRandom random, int count, Span<int> components, Span<double> destination)
    {
        int d = _dimensions.Length;
        if (components.Length < count || destination.Length < count * d) throw new ArgumentException("Buffers too small for the draws.");
        for (int c = 0; c < count; c++) components[c] = Choose(random.NextDouble());
        for (int j = 0; j < d; j++)
            for (int c = 0; c < count; c++)
                destination[c * d + j] = _dimensions[j].FromModel(_kernels[j].Sample(components[c], random.NextDouble()));
    }

    /// <summary>numpy's <c>choice</c> with probabilities: the first component whose normalised cumulative weight exceeds u.</summary>
    private int Choose(double u)
    {
        int low = 0, high = _cumulative.Length - 1;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_cumulative[middle] > u) high = middle; else low = middle + 1;
        }
        return low;
    }

    /// <summary>
    /// log of the mixture's density at a point's coordinates (one per free dimension): per component the kernels'
    /// log-densities summed, plus the log weight, then log-sum-exp. <paramref name="scratch"/> holds ≥ <see cref="Components"/>.
    /// </summary>
    public double LogPdf(ReadOnlySpan<double> coordinates, Span<double> scratch)
    {
        var perComponent = scratch[..Components];
        perComponent.Clear();
        for (int j = 0; j < _kernels.Length; j++) _kernels[j].AddLogDensity(_dimensions[j].ToModel(coordinates[j]), perComponent);
        double max = double.NegativeInfinity;
        for (int k = 0; k < perComponent.Length; k++)
        {
            perComponent[k] += _logWeights[k];
            if (perComponent[k] > max) max = perComponent[k];
        }
        if (double.IsNegativeInfinity(max)) return max;
        double sum = 0;
        foreach (var v in perComponent)
        {
            // Below e^−708 a term is subnormal (slow to compute) and cannot change a sum that holds e⁰ = 1.
            double shifted = v - max;
            if (shifted > -708) sum += Math.Exp(shifted);
        }
        return Math.Log(sum) + max;
    }
}
