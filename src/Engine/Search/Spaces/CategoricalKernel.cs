namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Category probabilities per component (Optuna 3.1's <c>_calculate_categorical_params</c>): every category starts at
/// prior weight / components, the observed one gains 1, each row is normalised; the prior's row is uniform.
/// </summary>
internal sealed class CategoricalKernel : ParzenKernel
{
    private readonly double[] _weights;          // components × choices, row-major
    private readonly double[] _logByChoice;      // choices × components: the column a candidate reads
    private readonly int _components;

    public CategoricalKernel(int choices, ReadOnlySpan<double> observations, TpeSettings settings, bool withPrior)
    {
        int n = observations.Length;
        _components = n + (withPrior ? 1 : 0);
        Choices = choices;
        _weights = new double[_components * choices];
        _weights.AsSpan().Fill(settings.PriorWeight / (withPrior ? n + 1 : n));
        for (int k = 0; k < n; k++) _weights[k * choices + (int)observations[k]] += 1;
        _logByChoice = new double[choices * _components];
        for (int k = 0; k < _components; k++)
        {
            var row = _weights.AsSpan(k * choices, choices);
            double sum = 0;
            foreach (var w in row) sum += w;
            for (int c = 0; c < choices; c++)
            {
                row[c] /= sum;
                _logByChoice[c * _components + k] = Math.Log(row[c]);
            }
        }
    }

    public int Choices { get; }

    /// <summary>Component <paramref name="component"/>'s probability of each category.</summary>
    public ReadOnlySpan<double> Row(int component) => _weights.AsSpan(component * Choices, Choices);

    public override void AddLogDensity(double x, Span<double> componentLogPdf)
    {
        var logs = _logByChoice.AsSpan((int)x * _components, _components);
        var destination = componentLogPdf[.._components];
        for (int k = 0; k < destination.Length; k++) destination[k] += logs[k];
    }

    /// <summary>The number of cumulative probabilities below <paramref name="u"/> (Optuna's <c>_sample_from_categorical_dist</c>).</summary>
    public override double Sample(int component, double u)
    {
        var row = Row(component);
        double cumulative = 0;
        int below = 0;
        foreach (var p in row)
        {
            cumulative += p;
            if (cumulative < u) below++;
        }
        return Math.Min(below, Choices - 1);
    }
}
