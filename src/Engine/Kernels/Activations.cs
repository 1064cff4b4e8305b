using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>Hidden-layer activations and their backward passes, written in terms of the activation's output.</summary>
public static class Activations
{
    /// <summary>destination = max(x, 0); NaN stays NaN so a diverging run is still seen as one.</summary>
    public static void Relu(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Max(x, 0f, destination);

    public static void Tanh(ReadOnlySpan<float> x, Span<float> destination) => TensorPrimitives.Tanh(x, destination);

    /// <summary>destination = gradient where the relu output is positive, else 0.</summary>
    public static void ReluBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination) =>
        ReluBackward(output, gradient, destination, Simd.Best);

    /// <summary>destination = gradient × (1 − output²), the derivative of tanh from its output.</summary>
    public static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination) =>
        TanhBackward(output, gradient, destination, Simd.Best);

    internal static void ReluBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination, SimdWidth width) =>
        Run<ReluDerivative>(output, gradient, destination, width);

    internal static void TanhBackward(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination, SimdWidth width) =>
        Run<TanhDerivative>(output, gradient, destination, width);

    private interface IBackward
    {
        static abstract float Apply(float output, float gradient);
        static abstract TV Apply<TOps, TV>(TV output, TV gradient) where TOps : struct, IVectorOps<TV> where TV : struct;
    }

    private readonly struct ReluDerivative : IBackward
    {
        public static float Apply(float output, float gradient) => output > 0f ? gradient : 0f;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TOps, TV>(TV output, TV gradient) where TOps : struct, IVectorOps<TV> where TV : struct =>
            TOps.WherePositive(output, gradient);
    }

    private readonly struct TanhDerivative : IBackward
    {
        // g − g·y² rounds once more than g·(1 − y²) would but needs no constant; both are within 1 ulp of each other.
        public static float Apply(float output, float gradient) => MathF.FusedMultiplyAdd(-gradient * output, output, gradient);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TV Apply<TOps, TV>(TV output, TV gradient) where TOps : struct, IVectorOps<TV> where TV : struct =>
            TOps.MultiplyAdd(TOps.Multiply(TOps.Subtract(TOps.Zero, gradient), output), output, gradient);
    }

    private static void Run<TOp>(ReadOnlySpan<float> output, ReadOnlySpan<float> gradient, Span<float> destination, SimdWidth width)
        where TOp : struct, IBackward
    {
        if (output.Length != gradient.Length) throw new ArgumentException("output and gradient differ in length.", nameof(gradient));
        if (destination.Length < output.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        int n = output.Length, j = 0;
        ref float y = ref MemoryMarshal.GetReference(output);
        ref float g = ref MemoryMarshal.GetReference(gradient);
        ref float d = ref MemoryMarshal.GetReference(destination);
        if (width >= SimdWidth.V512 && Vector512.IsHardwareAccelerated) j = Vectorized<TOp, Ops512, Vector512<float>>(ref y, ref g, ref d, n);
        else if (width >= SimdWidth.V256 && Vector256.IsHardwareAccelerated) j = Vectorized<TOp, Ops256, Vector256<float>>(ref y, ref g, ref d, n);
        else if (width >= SimdWidth.V128 && Vector128.IsHardwareAccelerated) j = Vectorized<TOp, Ops128, Vector128<float>>(ref y, ref g, ref d, n);
        for (; j < n; j++)
            Unsafe.Add(ref d, j) = TOp.Apply(Unsafe.Add(ref y, j), Unsafe.Add(ref g, j));
    }

    private static int Vectorized<TOp, TOps, TV>(ref float y, ref float g, ref float d, int n)
        where TOp : struct, IBackward where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int w = TOps.Count, j = 0;
        for (; j <= n - w; j += w)
        {
            TV r = TOp.Apply<TOps, TV>(TOps.Load(ref Unsafe.Add(ref y, j)), TOps.Load(ref Unsafe.Add(ref g, j)));
            TOps.Store(r, ref Unsafe.Add(ref d, j));
        }
        return j;
    }
}
