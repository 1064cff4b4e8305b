using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// The few whole-vector operations of a training step, compiled fully optimised on first call: TensorPrimitives
/// would do the same but starts in Tier-0 code, and a short trial ends before tiering catches up.
/// Plain stores throughout, so long vectors need no chunking.
/// </summary>
public static class VectorMath
{
    /// <summary>destination = x × multiplier.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Multiply(ReadOnlySpan<float> x, float multiplier, Span<float> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        ref float s = ref MemoryMarshal.GetReference(x);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(multiplier);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                (Vector512.LoadUnsafe(ref s, (nuint)i) * m).StoreUnsafe(ref d, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var m = Vector256.Create(multiplier);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                (Vector256.LoadUnsafe(ref s, (nuint)i) * m).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref d, i) = Unsafe.Add(ref s, i) * multiplier;
    }

    /// <summary>Σ x², summed in float vectors over blocks of 4,096 values and the blocks in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        const int Block = 4096;
        ref float s = ref MemoryMarshal.GetReference(x);
        double total = 0;
        for (int start = 0; start < x.Length; start += Block)
        {
            int end = Math.Min(start + Block, x.Length), i = start;
            float partial = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                var acc = Vector512<float>.Zero;
                for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
                {
                    var v = Vector512.LoadUnsafe(ref s, (nuint)i);
                    acc = Vector512.FusedMultiplyAdd(v, v, acc);
                }
                partial = Vector512.Sum(acc);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                var acc = Vector256<float>.Zero;
                for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
                {
                    var v = Vector256.LoadUnsafe(ref s, (nuint)i);
                    acc = Vector256.FusedMultiplyAdd(v, v, acc);
                }
                partial = Vector256.Sum(acc);
            }
            for (; i < end; i++) partial += Unsafe.Add(ref s, i) * Unsafe.Add(ref s, i);
            total += partial;
        }
        return total;
    }

    /// <summary>destination = x × multiplier + addend.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float multiplier, ReadOnlySpan<float> addend, Span<float> destination)
    {
        if (addend.Length != x.Length) throw new ArgumentException("x and addend differ in length.", nameof(addend));
        if (destination.Length < x.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        ref float s = ref MemoryMarshal.GetReference(x);
        ref float a = ref MemoryMarshal.GetReference(addend);
        ref float d = ref MemoryMarshal.GetReference(destination);
        int n = x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var m = Vector512.Create(multiplier);
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref s, (nuint)i), m, Vector512.LoadUnsafe(ref a, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var m = Vector256.Create(multiplier);
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref s, (nuint)i), m, Vector256.LoadUnsafe(ref a, (nuint)i)).StoreUnsafe(ref d, (nuint)i);
        }
        for (; i < n; i++) Unsafe.Add(ref d, i) = MathF.FusedMultiplyAdd(Unsafe.Add(ref s, i), multiplier, Unsafe.Add(ref a, i));
    }

    /// <summary>x · y in float, with vector partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (y.Length != x.Length) throw new ArgumentException("x and y differ in length.", nameof(y));
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        float sum = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var acc = Vector512<float>.Zero;
            for (; i <= n - Vector512<float>.Count; i += Vector512<float>.Count)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)i), Vector512.LoadUnsafe(ref b, (nuint)i), acc);
            sum = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var acc = Vector256<float>.Zero;
            for (; i <= n - Vector256<float>.Count; i += Vector256<float>.Count)
                acc = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref a, (nuint)i), Vector256.LoadUnsafe(ref b, (nuint)i), acc);
            sum = Vector256.Sum(acc);
        }
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        return sum;
    }
}
