using System.Numerics;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// A torch.optim update rule. It owns its state (moments, step count) sized at construction and allocates nothing per
/// step. The learning rate comes from the step-size policy each step, as PyTorch's param_group["lr"] does.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>One optimizer.step(): updates <paramref name="parameters"/> in place from <paramref name="gradient"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradient, double learningRate);
}
