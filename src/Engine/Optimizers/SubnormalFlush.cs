using System.Numerics;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// .NET has no FTZ/DAZ switch, and float moments of rarely active inputs decay geometrically into the subnormal range,
/// where every multiply costs 15–27× more (PERFORMANCE.md item 5). Decaying float state (momentum buffers, Adam's and
/// RMSprop's moments, Adadelta's averages) is therefore stored as +0 once its magnitude drops below 1e-30. Its effect
/// on a parameter is below lr·1e-30/eps-scale, far under float resolution; Adagrad's sum never decays and is not
/// touched. Doubles are never flushed: their threshold is 0, which flushes nothing, so float64 runs stay PyTorch-exact.
/// </summary>
internal static class SubnormalFlush
{
    public const double FloatThreshold = 1e-30;

    public static T Threshold<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(FloatThreshold) : T.Zero;
}
