using System.Numerics;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Optimizers;

/// <summary>Builds the torch.optim rule a spec names, with its state allocated for <c>parameterCount</c> values.</summary>
public static class OptimizerFactory
{
    public static IOptimizer<T> Create<T>(OptimizerSpec spec, int parameterCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec switch
        {
            SgdSpec s => new Sgd<T>(s, parameterCount),
            AdagradSpec s => new Adagrad<T>(s, parameterCount),
            RmsPropSpec s => new RmsProp<T>(s, parameterCount),
            AdamSpec s => new Adam<T>(s, parameterCount),
            AdamWSpec s => new Adam<T>(s, parameterCount),
            AdadeltaSpec s => new Adadelta<T>(s, parameterCount),
            _ => throw new NotSupportedException($"Optimizer {spec.GetType().Name} is not supported."),
        };
    }
}
