using System.Numerics;
using System.Numerics.Tensors;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Training;

/// <summary>
/// Backtracking (Armijo) line search on the current batch: starting from min(η, grow × last accepted α), accept α when
/// f(x − αg) ≤ f(x) − c·α‖g‖², otherwise shrink α. If no α passes within maxBacktracks the last, smallest α is
/// taken, so training never stalls. The trial point is a plain gradient step; the optimizer then takes its own step
/// with the accepted α (identical for plain SGD).
/// </summary>
internal sealed class ArmijoLineSearch<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ArmijoScheduleSpec _spec;
    private readonly T[] _trial;
    private double _lastAccepted = double.PositiveInfinity;

    public ArmijoLineSearch(ArmijoScheduleSpec spec, int parameterCount)
    {
        _spec = spec;
        _trial = new T[parameterCount];
    }

    /// <summary>Function evaluations spent so far beyond the one gradient per step.</summary>
    public long Evaluations { get; private set; }

    public double Search(IModel<T> model, ReadOnlySpan<T> x, ReadOnlySpan<T> gradient, double loss, double ceiling, Dataset data, ReadOnlySpan<int> rows)
    {
        var gradNormSquared = double.CreateChecked(TensorPrimitives.SumOfSquares(gradient));
        var alpha = Math.Min(ceiling, _spec.Grow * _lastAccepted);
        if (gradNormSquared == 0 || !double.IsFinite(gradNormSquared)) return _lastAccepted = alpha;
        for (var k = 0; k < _spec.MaxBacktracks; k++)
        {
            TensorPrimitives.MultiplyAdd(gradient, T.CreateChecked(-alpha), x, _trial);
            var trialLoss = model.Loss(_trial, data, rows);
            Evaluations++;
            if (trialLoss <= loss - _spec.C * alpha * gradNormSquared) break;
            if (k < _spec.MaxBacktracks - 1) alpha *= _spec.Shrink;
        }
        return _lastAccepted = alpha;
    }
}
