using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

// Every kernel is written once, generic over a lane type: the same formula runs on 512-, 256- or 128-bit vectors for
// the body and, where a kernel has one, on a single T for the tail, so the widths cannot drift apart. The lane structs
// are empty and used only as type arguments: the JIT specialises each kernel per (lane, T) and inlines every call, so
// this costs nothing over hand-written Vector512 code. Arithmetic goes through the lane type because the reference
// assemblies expose neither ISimdVector nor the vectors' operator interfaces to constraints.

/// <summary>The operations a kernel needs from a lane of <typeparamref name="T"/> values.</summary>
internal interface ILanes<TV, T>
    where TV : struct
    where T : unmanaged, IFloatingPointIeee754<T>
{
    static abstract int Count { get; }

    static abstract TV Zero { get; }

    static abstract TV Load(ref readonly T source);

    static abstract void Store(TV value, ref T destination);

    static abstract TV Broadcast(T value);

    static abstract TV Add(TV x, TV y);

    static abstract TV Subtract(TV x, TV y);

    static abstract TV Multiply(TV x, TV y);

    static abstract TV Divide(TV x, TV y);

    /// <summary>x × y + addend, rounded once, so every width and the scalar path give bit-identical sums.</summary>
    static abstract TV MultiplyAdd(TV x, TV y, TV addend);

    static abstract TV Sqrt(TV x);

    /// <summary>IEEE 754 maximum, as torch.maximum: NaN if either is NaN, +0 over −0.</summary>
    static abstract TV Max(TV x, TV y);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TV x);

    /// <summary>x, or +0 where |x| &lt; threshold (a threshold of 0 never flushes, NaN included).</summary>
    static abstract TV FlushBelow(TV x, TV threshold);

    /// <summary>value where positive is greater than zero, else +0.</summary>
    static abstract TV WherePositive(TV positive, TV value);

    /// <summary>The value with its first <paramref name="lanes"/> lanes set to zero.</summary>
    static abstract TV ZeroFirstLanes(TV value, int lanes);

    /// <summary>Bit i is set when lane i is not ±0 (NaN counts as non-zero).</summary>
    static abstract uint NonZeroBits(TV value);
}

internal readonly struct Lanes512<T> : ILanes<Vector512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Zero => Vector512<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Load(ref readonly T source) => Vector512.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector512<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Broadcast(T value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Add(Vector512<T> x, Vector512<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Subtract(Vector512<T> x, Vector512<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Multiply(Vector512<T> x, Vector512<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Divide(Vector512<T> x, Vector512<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> MultiplyAdd(Vector512<T> x, Vector512<T> y, Vector512<T> addend) =>
        typeof(T) == typeof(float)
            ? Vector512.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector512.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Sqrt(Vector512<T> x) => Vector512.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Max(Vector512<T> x, Vector512<T> y) => Vector512.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector512<T> x) => Vector512.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> FlushBelow(Vector512<T> x, Vector512<T> threshold) =>
        Vector512.AndNot(x, Vector512.LessThan(Vector512.Abs(x), threshold));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> WherePositive(Vector512<T> positive, Vector512<T> value) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(positive, Vector512<T>.Zero), value, Vector512<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> ZeroFirstLanes(Vector512<T> value, int lanes) =>
        typeof(T) == typeof(float)
            ? Vector512.ConditionalSelect(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).As<int, T>(), Vector512<T>.Zero, value)
            : Vector512.ConditionalSelect(Vector512.LessThan(Vector512<long>.Indices, Vector512.Create((long)lanes)).As<long, T>(), Vector512<T>.Zero, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector512<T> value) =>
        (uint)(~Vector512.Equals(value, Vector512<T>.Zero)).ExtractMostSignificantBits();
}

internal readonly struct Lanes256<T> : ILanes<Vector256<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector256<T>.Count;

    public static Vector256<T> Zero => Vector256<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Load(ref readonly T source) => Vector256.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector256<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Broadcast(T value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Add(Vector256<T> x, Vector256<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Subtract(Vector256<T> x, Vector256<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Multiply(Vector256<T> x, Vector256<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Divide(Vector256<T> x, Vector256<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> MultiplyAdd(Vector256<T> x, Vector256<T> y, Vector256<T> addend) =>
        typeof(T) == typeof(float)
            ? Vector256.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector256.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Sqrt(Vector256<T> x) => Vector256.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Max(Vector256<T> x, Vector256<T> y) => Vector256.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector256<T> x) => Vector256.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> FlushBelow(Vector256<T> x, Vector256<T> threshold) =>
        Vector256.AndNot(x, Vector256.LessThan(Vector256.Abs(x), threshold));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> WherePositive(Vector256<T> positive, Vector256<T> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(positive, Vector256<T>.Zero), value, Vector256<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> ZeroFirstLanes(Vector256<T> value, int lanes) =>
        typeof(T) == typeof(float)
            ? Vector256.ConditionalSelect(Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).As<int, T>(), Vector256<T>.Zero, value)
            : Vector256.ConditionalSelect(Vector256.LessThan(Vector256<long>.Indices, Vector256.Create((long)lanes)).As<long, T>(), Vector256<T>.Zero, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector256<T> value) =>
        (~Vector256.Equals(value, Vector256<T>.Zero)).ExtractMostSignificantBits();
}

internal readonly struct Lanes128<T> : ILanes<Vector128<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector128<T>.Count;

    public static Vector128<T> Zero => Vector128<T>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Load(ref readonly T source) => Vector128.LoadUnsafe(in source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<T> value, ref T destination) => value.StoreUnsafe(ref destination);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Broadcast(T value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Add(Vector128<T> x, Vector128<T> y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Subtract(Vector128<T> x, Vector128<T> y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Multiply(Vector128<T> x, Vector128<T> y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Divide(Vector128<T> x, Vector128<T> y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> MultiplyAdd(Vector128<T> x, Vector128<T> y, Vector128<T> addend) =>
        typeof(T) == typeof(float)
            ? Vector128.FusedMultiplyAdd(x.AsSingle(), y.AsSingle(), addend.AsSingle()).As<float, T>()
            : Vector128.FusedMultiplyAdd(x.AsDouble(), y.AsDouble(), addend.AsDouble()).As<double, T>();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Sqrt(Vector128<T> x) => Vector128.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Max(Vector128<T> x, Vector128<T> y) => Vector128.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Vector128<T> x) => Vector128.Sum(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> FlushBelow(Vector128<T> x, Vector128<T> threshold) =>
        Vector128.AndNot(x, Vector128.LessThan(Vector128.Abs(x), threshold));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> WherePositive(Vector128<T> positive, Vector128<T> value) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(positive, Vector128<T>.Zero), value, Vector128<T>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> ZeroFirstLanes(Vector128<T> value, int lanes) =>
        typeof(T) == typeof(float)
            ? Vector128.ConditionalSelect(Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(lanes)).As<int, T>(), Vector128<T>.Zero, value)
            : Vector128.ConditionalSelect(Vector128.LessThan(Vector128<long>.Indices, Vector128.Create((long)lanes)).As<long, T>(), Vector128<T>.Zero, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector128<T> value) =>
        (~Vector128.Equals(value, Vector128<T>.Zero)).ExtractMostSignificantBits();
}

/// <summary>One element at a time: the tail after the last full vector, and machines without SIMD.</summary>
internal readonly struct ScalarLane<T> : ILanes<T, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Zero => T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Load(ref readonly T source) => source;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(T value, ref T destination) => destination = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Broadcast(T value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Add(T x, T y) => x + y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Subtract(T x, T y) => x - y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Multiply(T x, T y) => x * y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Divide(T x, T y) => x / y;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T MultiplyAdd(T x, T y, T addend) => T.FusedMultiplyAdd(x, y, addend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sqrt(T x) => T.Sqrt(x);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Max(T x, T y) => T.Max(x, y);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(T x) => x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T FlushBelow(T x, T threshold) => T.Abs(x) < threshold ? T.Zero : x;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T WherePositive(T positive, T value) => positive > T.Zero ? value : T.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T ZeroFirstLanes(T value, int lanes) => lanes > 0 ? T.Zero : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(T value) => value != T.Zero ? 1u : 0u;
}
