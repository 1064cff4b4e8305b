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
        var kernel = new Scale { X = x, Multiplier = multiplier, Destination = destination };
        Elementwise.Run<Scale, float>(ref kernel, x.Length, Simd.Best);
    }

    /// <summary>destination = x × multiplier + addend, rounded once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float multiplier, ReadOnlySpan<float> addend, Span<float> destination)
    {
        if (addend.Length != x.Length) throw new ArgumentException("x and addend differ in length.", nameof(addend));
        if (destination.Length < x.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        var kernel = new ScaleAdd { X = x, Multiplier = multiplier, Addend = addend, Destination = destination };
        Elementwise.Run<ScaleAdd, float>(ref kernel, x.Length, Simd.Best);
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
            float partial = Simd.Best switch
            {
                SimdWidth.V512 => Dot<Lanes512<float>, Vector512<float>>(ref s, ref s, ref i, end),
                SimdWidth.V256 => Dot<Lanes256<float>, Vector256<float>>(ref s, ref s, ref i, end),
                SimdWidth.V128 => Dot<Lanes128<float>, Vector128<float>>(ref s, ref s, ref i, end),
                _ => 0,
            };
            for (; i < end; i++) partial += Unsafe.Add(ref s, i) * Unsafe.Add(ref s, i);
            total += partial;
        }
        return total;
    }

    /// <summary>x · y in float, with vector partial sums.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        if (y.Length != x.Length) throw new ArgumentException("x and y differ in length.", nameof(y));
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        int n = x.Length, i = 0;
        float sum = Simd.Best switch
        {
            SimdWidth.V512 => Dot<Lanes512<float>, Vector512<float>>(ref a, ref b, ref i, n),
            SimdWidth.V256 => Dot<Lanes256<float>, Vector256<float>>(ref a, ref b, ref i, n),
            SimdWidth.V128 => Dot<Lanes128<float>, Vector128<float>>(ref a, ref b, ref i, n),
            _ => 0,
        };
        for (; i < n; i++) sum = MathF.FusedMultiplyAdd(Unsafe.Add(ref a, i), Unsafe.Add(ref b, i), sum);
        return sum;
    }

    /// <summary>The lane sum of Σ a·b over whole vectors from i while they fit before end, leaving i after the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Dot<TL, TV>(ref float a, ref float b, ref int i, int end)
        where TL : struct, ILanes<TV, float>
        where TV : struct
    {
        TV acc = TL.Zero;
        int j = i, w = TL.Count;
        for (; j <= end - w; j += w)
            acc = TL.MultiplyAdd(TL.Load(in Unsafe.Add(ref a, j)), TL.Load(in Unsafe.Add(ref b, j)), acc);
        i = j;
        return TL.Sum(acc);
    }

    private ref struct Scale : IElementwiseKernel<float>
    {
        public ReadOnlySpan<float> X;
        public float Multiplier;
        public Span<float> Destination;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, float>
            where TV : struct
        {
            ref float x = ref MemoryMarshal.GetReference(X);
            ref float d = ref MemoryMarshal.GetReference(Destination);
            TV m = TL.Broadcast(Multiplier);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
                TL.Store(TL.Multiply(TL.Load(in Unsafe.Add(ref x, i)), m), ref Unsafe.Add(ref d, i));
            return i;
        }
    }

    private ref struct ScaleAdd : IElementwiseKernel<float>
    {
        public ReadOnlySpan<float> X, Addend;
        public float Multiplier;
        public Span<float> Destination;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, float>
            where TV : struct
        {
            ref float x = ref MemoryMarshal.GetReference(X);
            ref float a = ref MemoryMarshal.GetReference(Addend);
            ref float d = ref MemoryMarshal.GetReference(Destination);
            TV m = TL.Broadcast(Multiplier);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
                TL.Store(TL.MultiplyAdd(TL.Load(in Unsafe.Add(ref x, i)), m, TL.Load(in Unsafe.Add(ref a, i))), ref Unsafe.Add(ref d, i));
            return i;
        }
    }
}
