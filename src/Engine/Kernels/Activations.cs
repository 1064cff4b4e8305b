using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SweepCluster.Engine.Kernels;

/// <summary>Hidden-layer activations, and their backward passes written in terms of the activation's output.</summary>
public static class Activations
{
    /// <summary>destination = max(x, 0); NaN stays NaN (as torch.relu), so a diverging run is still seen as one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Relu(ReadOnlySpan<float> x, Span<float> destination) =>
        Relu(x, destination, Simd.Best);

    public static void Tanh(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tanh(x, destination);

    /// <summary>destination = gradient where the relu output is positive, else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReluBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination) =>
        ReluBackward(output, gradient, destination, Simd.Best);

    /// <summary>destination = gradient × (1 − output²), the derivative of tanh from its output.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination) =>
        TanhBackward(output, gradient, destination, Simd.Best);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Relu(ReadOnlySpan<float> x, Span<float> destination, SimdWidth width) =>
        Run<ReluForward>(x, x, destination, width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ReluBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination, SimdWidth width) =>
        Run<ReluDerivative>(output, gradient, destination, width);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination, SimdWidth width) =>
        Run<TanhDerivative>(output, gradient, destination, width);

    /// <summary>An elementwise function of two inputs (the forward passes ignore the second).</summary>
    private interface IBinary
    {
        static abstract TV Apply<TL, TV>(TV a, TV b) where TL : struct, ILanes<TV, float> where TV : struct;
    }

    private readonly struct ReluForward : IBinary
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TL, TV>(TV a, TV b) where TL : struct, ILanes<TV, float> where TV : struct => TL.Max(a, TL.Zero);
    }

    private readonly struct ReluDerivative : IBinary
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TL, TV>(TV output, TV gradient) where TL : struct, ILanes<TV, float> where TV : struct =>
            TL.WherePositive(output, gradient);
    }

    private readonly struct TanhDerivative : IBinary
    {
        // g − (g·y)·y: one FMA and no constant 1; within an ulp of g·(1 − y²).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TL, TV>(TV output, TV gradient) where TL : struct, ILanes<TV, float> where TV : struct =>
            TL.MultiplyAdd(TL.Multiply(TL.Subtract(TL.Zero, gradient), output), output, gradient);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, SimdWidth width)
        where TOp : struct, IBinary
    {
        if (a.Length != b.Length) throw new ArgumentException("The inputs differ in length.", nameof(b));
        if (destination.Length < a.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        var kernel = new Binary<TOp> { A = a, B = b, Destination = destination };
        Elementwise.Run<Binary<TOp>, float>(ref kernel, a.Length, width);
    }

    private ref struct Binary<TOp> : IElementwiseKernel<float> where TOp : struct, IBinary
    {
        public ReadOnlySpan<float> A, B;
        public Span<float> Destination;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly nuint Apply<TL, TV>(nuint start, nuint end)
            where TL : struct, ILanes<TV, float>
            where TV : struct
        {
            ref float x = ref MemoryMarshal.GetReference(A);
            ref float y = ref MemoryMarshal.GetReference(B);
            ref float d = ref MemoryMarshal.GetReference(Destination);
            var width = (nuint)TL.Count;
            var i = start;
            for (; i + width <= end; i += width)
                TL.Store(TOp.Apply<TL, TV>(TL.Load(in Unsafe.Add(ref x, i)), TL.Load(in Unsafe.Add(ref y, i))), ref Unsafe.Add(ref d, i));
            return i;
        }
    }
}
