using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
    private interface IElementwise
    {
        static abstract float Apply(float a, float b);
        static abstract TV Apply<TOps, TV>(TV a, TV b) where TOps : struct, IVectorOps<TV> where TV : struct;
    }

    private readonly struct ReluForward : IElementwise
    {
        public static float Apply(float a, float b) => MathF.Max(a, 0f);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TOps, TV>(TV a, TV b) where TOps : struct, IVectorOps<TV> where TV : struct => TOps.Max(a, TOps.Zero);
    }

    private readonly struct ReluDerivative : IElementwise
    {
        public static float Apply(float output, float gradient) => output > 0f ? gradient : 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TOps, TV>(TV output, TV gradient) where TOps : struct, IVectorOps<TV> where TV : struct =>
            TOps.WherePositive(output, gradient);
    }

    private readonly struct TanhDerivative : IElementwise
    {
        // g − (g·y)·y: one FMA and no constant 1; within an ulp of g·(1 − y²).
        public static float Apply(float output, float gradient) => MathF.FusedMultiplyAdd(-gradient * output, output, gradient);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TOps, TV>(TV output, TV gradient) where TOps : struct, IVectorOps<TV> where TV : struct =>
            TOps.MultiplyAdd(TOps.Multiply(TOps.Subtract(TOps.Zero, gradient), output), output, gradient);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TOp>(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination, SimdWidth width)
        where TOp : struct, IElementwise
    {
        if (a.Length != b.Length) throw new ArgumentException("The inputs differ in length.", nameof(b));
        if (destination.Length < a.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        int n = a.Length, j = 0;
        ref float x = ref MemoryMarshal.GetReference(a);
        ref float y = ref MemoryMarshal.GetReference(b);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (width >= SimdWidth.V512 && Vector512.IsHardwareAccelerated) j = Vectorized<TOp, Ops512, Vector512<float>>(ref x, ref y, ref d, n);
        else if (width >= SimdWidth.V256 && Vector256.IsHardwareAccelerated) j = Vectorized<TOp, Ops256, Vector256<float>>(ref x, ref y, ref d, n);
        else if (width >= SimdWidth.V128 && Vector128.IsHardwareAccelerated) j = Vectorized<TOp, Ops128, Vector128<float>>(ref x, ref y, ref d, n);
        for (; j < n; j++)
            Unsafe.Add(ref d, j) = TOp.Apply(Unsafe.Add(ref x, j), Unsafe.Add(ref y, j));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Vectorized<TOp, TOps, TV>(ref float x, ref float y, ref float d, int n)
        where TOp : struct, IElementwise where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int w = TOps.Count, j = 0;
        for (; j <= n - w; j += w)
        {
            TV r = TOp.Apply<TOps, TV>(TOps.Load(ref Unsafe.Add(ref x, j)), TOps.Load(ref Unsafe.Add(ref y, j)));
            TOps.Store(r, ref Unsafe.Add(ref d, j));
        }
        return j;
    }
}
