using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Optimizers;

// Every update rule is written once, generic over a lane type: the same element-wise formula runs on 512-, 256- or
// 128-bit vectors for the body and on a single T for the tail, so the vector and scalar paths cannot drift apart.
// The lane structs are empty and used only as type arguments: the JIT specialises each kernel per (lane, T) and
// inlines every call, so this costs nothing over hand-written Vector512 code. Arithmetic goes through the lane type
// because the reference assemblies expose neither ISimdVector nor the vectors' operator interfaces to constraints.

/// <summary>The operations an optimizer kernel needs from a lane of <typeparamref name="T"/> values.</summary>
internal interface ILanes<TV, T>
    where TV : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract int Count { get; }

    static abstract TV Load(ref T source, nuint index);

    static abstract void Store(TV value, ref T destination, nuint index);

    static abstract TV Broadcast(T value);

    static abstract TV Add(TV x, TV y);

    static abstract TV Multiply(TV x, TV y);

    static abstract TV Divide(TV x, TV y);

    static abstract TV Sqrt(TV x);

    /// <summary>torch.maximum: NaN propagates.</summary>
    static abstract TV Max(TV x, TV y);

    /// <summary>x, or +0 where |x| &lt; threshold (a threshold of 0 never flushes, NaN included).</summary>
    static abstract TV FlushBelow(TV x, TV threshold);
}

internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref T source, nuint index) => Vector512.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FlushBelow(Vector512<T> x, Vector512<T> threshold) =>
        Vector512.AndNot(x, Vector512.LessThan(Vector512.Abs(x), threshold));
}

internal readonly struct Lanes256<T> : ILanes<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref T source, nuint index) => Vector256.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FlushBelow(Vector256<T> x, Vector256<T> threshold) =>
        Vector256.AndNot(x, Vector256.LessThan(Vector256.Abs(x), threshold));
}

internal readonly struct Lanes128<T> : ILanes<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref T source, nuint index) => Vector128.LoadUnsafe(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination, nuint index) => value.StoreUnsafe(ref destination, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> x) => Vector128.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FlushBelow(Vector128<T> x, Vector128<T> threshold) =>
        Vector128.AndNot(x, Vector128.LessThan(Vector128.Abs(x), threshold));
}

/// <summary>One element at a time: the tail after the last full vector, and machines without SIMD.</summary>
internal readonly struct ScalarLane<T> : ILanes<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref T source, nuint index) => Unsafe.Add(ref source, index);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination, nuint index) => Unsafe.Add(ref destination, index) = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T x, T y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T x, T y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T x, T y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T x) => T.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T x, T y) => T.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FlushBelow(T x, T threshold) => T.Abs(x) < threshold ? T.Zero : x;
}
