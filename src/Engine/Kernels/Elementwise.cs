using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// An element-wise computation over spans. <see cref="Apply{TL, TV}"/> processes whole lanes from
/// <paramref name="start"/> while they fit before <paramref name="end"/> and returns where it stopped.
/// </summary>
internal interface IElementwiseKernel<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    nuint Apply<TL, TV>(nuint start, nuint end)
        where TL : struct, ILanes<TV, T>
        where TV : struct;
}

/// <summary>
/// Runs an element-wise kernel in one pass over memory: the widest accelerated vectors up to the width asked for on
/// the body, one element at a time on the tail. One fused pass instead of a chain of TensorPrimitives calls reads
/// each array once, and never hits TensorPrimitives' non-temporal stores, which evict vectors that are re-read at once.
/// </summary>
internal static class Elementwise
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TK, T>(ref TK kernel, int length, SimdWidth width)
        where TK : struct, IElementwiseKernel<T>, allows ref struct
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var end = (nuint)length;
        nuint done = 0;
        if (width >= SimdWidth.V512 && Vector512.IsHardwareAccelerated)
            done = kernel.Apply<Lanes512<T>, Vector512<T>>(0, end);
        else if (width >= SimdWidth.V256 && Vector256.IsHardwareAccelerated)
            done = kernel.Apply<Lanes256<T>, Vector256<T>>(0, end);
        else if (width >= SimdWidth.V128 && Vector128.IsHardwareAccelerated)
            done = kernel.Apply<Lanes128<T>, Vector128<T>>(0, end);
        kernel.Apply<ScalarLane<T>, T>(done, end);
    }
}
