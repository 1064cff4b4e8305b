using System.Numerics;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Models;

/// <summary>
/// A differentiable objective over a flat parameter vector: the quadratic in float64, data models in float32.
/// An instance belongs to one run (it owns scratch buffers sized for the largest batch) and is not thread-safe;
/// the data it reads is shared and read-only. No method allocates after construction.
/// </summary>
public interface IModel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    int ParameterCount { get; }

    /// <summary>Writes the starting parameters (seeded, PyTorch-like initialisation; the quadratic's start).</summary>
    void Initialize(Span<T> parameters, int seed);

    /// <summary>The mean loss of the batch (l2 term included) at <paramref name="parameters"/>; writes its gradient.</summary>
    double LossAndGradient(ReadOnlySpan<T> parameters, Dataset data, ReadOnlySpan<int> rows, Span<T> gradient);

    /// <summary>The mean loss of the batch (l2 term included), without a gradient.</summary>
    double Loss(ReadOnlySpan<T> parameters, Dataset data, ReadOnlySpan<int> rows);

    /// <summary>Mean loss (l2 included) and accuracy (NaN for regression) over the rows.</summary>
    Evaluation Evaluate(ReadOnlySpan<T> parameters, Dataset data, ReadOnlySpan<int> rows);
}

/// <summary>Loss and accuracy of a model on a set of rows; accuracy is NaN where it has no meaning.</summary>
public readonly record struct Evaluation(double Loss, double Accuracy);
