using System.Numerics;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// .NET has no FTZ/DAZ switch, and float moments of rarely active inputs decay geometrically into the subnormal range,
/// where the CPU takes a slow microcode path on every multiply. Decaying float state (SGD's momentum buffer,
/// Adam's and RMSprop's moments, Adadelta's averages) is therefore stored as +0 once its magnitude drops below 1e-30.
/// Adagrad's sum only grows and is never touched; doubles are never flushed (threshold 0 flushes nothing), so float64
/// runs stay PyTorch-exact.
/// </summary>
/// <remarks>
/// Where a second moment divides (Adam, RMSprop, Adadelta) flushing is harmless only next to a real eps: a flushed
/// v moves sqrt(v) + eps by at most 1e-15, and a flushed m moves the parameter by at most lr·1e-30/eps. With eps below
/// 1e-12 (eps = 0 in particular, where a flushed v would divide by zero) nothing is flushed and PyTorch's arithmetic,
/// subnormals included, is kept.
/// </remarks>
internal static class SubnormalFlush
{
    public const double FloatThreshold = 1e-30;

    /// <summary>The smallest eps next to which flushing a second moment is negligible.</summary>
    public const double MinimumEps = 1e-12;

    /// <summary>For state that is never divided by (momentum buffers).</summary>
    public static T Threshold<T>() where T : unmanaged, IFloatingPointIeee754<T> =>
        typeof(T) == typeof(float) ? T.CreateTruncating(FloatThreshold) : T.Zero;

    /// <summary>For a rule whose denominator is sqrt(second moment) + eps or sqrt(second moment + eps).</summary>
    public static T Threshold<T>(double eps) where T : unmanaged, IFloatingPointIeee754<T> =>
        eps >= MinimumEps ? Threshold<T>() : T.Zero;
}
