using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Optimizers;

/// <summary>
/// An element-wise update over a parameter vector and its state. <see cref="Apply{TL, TV}"/> processes whole lanes
/// from <paramref name="start"/> while they fit before <paramref name="end"/> and returns where it stopped.
/// </summary>
internal interface IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    nuint Apply<TL, TV>(nuint start, nuint end)
        where TL : ILanes<TV, T>
        where TV : struct;
}

/// <summary>
/// Runs an element-wise kernel in one pass over memory: the widest accelerated vectors for the body, one element at
/// a time for the tail. One fused pass instead of a chain of TensorPrimitives calls reads each array once per step
/// and never hits TensorPrimitives' non-temporal stores above 256 KB.
/// </summary>
internal static class Elementwise
{
    /// <summary>The widest vectors kernels may use: 512, 256, 128 or 0 (scalar). Benchmarks lower it to compare.</summary>
    internal static int MaxVectorBits { get; set; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TK, T>(ref TK kernel, int length)
        where TK : struct, IElementwiseKernel<T>, allows ref struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var end = (nuint)length;
        nuint done = 0;
        var bits = MaxVectorBits;
        if (bits >= 512 && Vector512<T>.IsSupported)
            done = kernel.Apply<Lanes512<T>, Vector512<T>>(0, end);
        else if (bits >= 256 && Vector256<T>.IsSupported)
            done = kernel.Apply<Lanes256<T>, Vector256<T>>(0, end);
        else if (bits >= 128 && Vector128<T>.IsSupported)
            done = kernel.Apply<Lanes128<T>, Vector128<T>>(0, end);
        kernel.Apply<ScalarLane<T>, T>(done, end);
    }
}
