using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// The vector operations the kernels use, as static members: a kernel written once over a struct TOps is compiled
/// separately for each width with every call inlined (ISimdVector would do this but is not public in .NET 10).
/// MultiplyAdd is always fused, so every width and the scalar reference give bit-identical sums.
/// </summary>
internal interface IVectorOps<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Broadcast(float value);
    static abstract TV Load(ref readonly float source);
    static abstract void Store(TV value, ref float destination);
    static abstract TV Add(TV left, TV right);
    static abstract TV Multiply(TV left, TV right);
    static abstract TV Subtract(TV left, TV right);

    /// <summary>IEEE 754 maximum: NaN if either is NaN, +0 over −0.</summary>
    static abstract TV Max(TV left, TV right);

    /// <summary>left × right + addend, rounded once.</summary>
    static abstract TV MultiplyAdd(TV left, TV right, TV addend);

    /// <summary>value where positive is greater than zero, else +0.</summary>
    static abstract TV WherePositive(TV positive, TV value);

    /// <summary>The value with its first <paramref name="lanes"/> lanes set to zero.</summary>
    static abstract TV ZeroFirstLanes(TV value, int lanes);

    /// <summary>Bit i is set when lane i is not ±0 (NaN counts as non-zero).</summary>
    static abstract uint NonZeroBits(TV value);
}

internal readonly struct Ops512 : IVectorOps<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref readonly float source) => Vector512.LoadUnsafe(in source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> left, Vector512<float> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> left, Vector512<float> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> left, Vector512<float> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> left, Vector512<float> right) => Vector512.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> left, Vector512<float> right, Vector512<float> addend) =>
        Vector512.FusedMultiplyAdd(left, right, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> WherePositive(Vector512<float> positive, Vector512<float> value) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(positive, Vector512<float>.Zero), value, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> ZeroFirstLanes(Vector512<float> value, int lanes) =>
        Vector512.ConditionalSelect(Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(lanes)).AsSingle(), Vector512<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector512<float> value) =>
        (uint)(~Vector512.Equals(value, Vector512<float>.Zero)).ExtractMostSignificantBits();
}

internal readonly struct Ops256 : IVectorOps<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref readonly float source) => Vector256.LoadUnsafe(in source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> left, Vector256<float> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> left, Vector256<float> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> left, Vector256<float> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> left, Vector256<float> right) => Vector256.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> left, Vector256<float> right, Vector256<float> addend) =>
        Vector256.FusedMultiplyAdd(left, right, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> WherePositive(Vector256<float> positive, Vector256<float> value) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(positive, Vector256<float>.Zero), value, Vector256<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> ZeroFirstLanes(Vector256<float> value, int lanes) =>
        Vector256.ConditionalSelect(Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(lanes)).AsSingle(), Vector256<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector256<float> value) =>
        (~Vector256.Equals(value, Vector256<float>.Zero)).ExtractMostSignificantBits();
}

internal readonly struct Ops128 : IVectorOps<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref readonly float source) => Vector128.LoadUnsafe(in source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> left, Vector128<float> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> left, Vector128<float> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> left, Vector128<float> right) => left - right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> left, Vector128<float> right) => Vector128.Max(left, right);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> left, Vector128<float> right, Vector128<float> addend) =>
        Vector128.FusedMultiplyAdd(left, right, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> WherePositive(Vector128<float> positive, Vector128<float> value) =>
        Vector128.ConditionalSelect(Vector128.GreaterThan(positive, Vector128<float>.Zero), value, Vector128<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZeroFirstLanes(Vector128<float> value, int lanes) =>
        Vector128.ConditionalSelect(Vector128.LessThan(Vector128<int>.Indices, Vector128.Create(lanes)).AsSingle(), Vector128<float>.Zero, value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint NonZeroBits(Vector128<float> value) =>
        (~Vector128.Equals(value, Vector128<float>.Zero)).ExtractMostSignificantBits();
}
