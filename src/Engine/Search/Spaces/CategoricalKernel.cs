using System.Numerics;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Category probabilities per component (Optuna 3.1's <c>_calculate_categorical_params</c>): every category starts at
/// f = prior weight / components, the observed one gains 1, each row is normalised by K·f + 1; the prior's row is
/// uniform. So an observation's row holds two values only, (f + 1)/(K·f + 1) at its category and f/(K·f + 1) elsewhere.
/// </summary>
internal sealed class CategoricalKernel : ParzenKernel
{
    private readonly double[] _observed;
    private readonly bool _withPrior;
    private readonly double _hit, _miss, _logHit, _logMiss, _logUniform;

    public CategoricalKernel(int choices, ReadOnlySpan<double> observations, TpeSettings settings, bool withPrior)
    {
        Choices = choices;
        _withPrior = withPrior;
        _observed = observations.ToArray();
        int n = observations.Length;
        double fill = settings.PriorWeight / (withPrior ? n + 1 : n);
        double total = choices * fill + 1;
        (_hit, _miss) = ((fill + 1) / total, fill / total);
        (_logHit, _logMiss, _logUniform) = (Math.Log(_hit), Math.Log(_miss), Math.Log(1.0 / choices));
    }

    public int Choices { get; }

    /// <summary>Component <paramref name="component"/>'s probability of each category.</summary>
    public double[] Row(int component)
    {
        var row = new double[Choices];
        if (component < _observed.Length)
        {
            Array.Fill(row, _miss);
            row[(int)_observed[component]] = _hit;
        }
        else Array.Fill(row, 1.0 / Choices);
        return row;
    }

    private double Probability(int component, int choice) =>
        component < _observed.Length ? (_observed[component] == choice ? _hit : _miss) : 1.0 / Choices;

    public override void AddLogDensity(double x, Span<double> componentLogPdf)
    {
        var observed = _observed.AsSpan();
        int k = 0;
        if (Vector.IsHardwareAccelerated)
        {
            // Branch-free: the observed category matches a quarter of the time or so, which a branch predicts badly.
            var choice = new Vector<double>(x);
            var hit = new Vector<double>(_logHit);
            var miss = new Vector<double>(_logMiss);
            for (; k <= observed.Length - Vector<double>.Count; k += Vector<double>.Count)
            {
                var add = Vector.ConditionalSelect(Vector.Equals(new Vector<double>(observed[k..]), choice), hit, miss);
                (new Vector<double>(componentLogPdf[k..]) + add).CopyTo(componentLogPdf[k..]);
            }
        }
        for (; k < observed.Length; k++) componentLogPdf[k] += observed[k] == x ? _logHit : _logMiss;
        if (_withPrior) componentLogPdf[observed.Length] += _logUniform;
    }

    /// <summary>The number of cumulative probabilities below <paramref name="u"/> (Optuna's <c>_sample_from_categorical_dist</c>).</summary>
    public override double Sample(int component, double u)
    {
        double cumulative = 0;
        int below = 0;
        for (int c = 0; c < Choices; c++)
        {
            cumulative += Probability(component, c);
            if (cumulative < u) below++;
        }
        return Math.Min(below, Choices - 1);
    }
}
