using System.Numerics.Tensors;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// TensorPrimitives over long spans in pieces: above 256 KB it switches to non-temporal stores, which made one update
/// of 101,770 parameters 5× slower than the same in 16K pieces: our vectors are re-read at once.
/// </summary>
public static class Chunked
{
    internal const int Length = 16 * 1024;

    /// <summary>destination = x × multiplier + addend.</summary>
    public static void MultiplyAdd(ReadOnlySpan<float> x, float multiplier, ReadOnlySpan<float> addend, Span<float> destination)
    {
        if (addend.Length != x.Length) throw new ArgumentException("x and addend differ in length.", nameof(addend));
        if (destination.Length < x.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        for (int i = 0; i < x.Length; i += Length)
        {
            int n = Math.Min(Length, x.Length - i);
            TensorPrimitives.MultiplyAdd(x.Slice(i, n), multiplier, addend.Slice(i, n), destination.Slice(i, n));
        }
    }

    /// <summary>destination = x × multiplier.</summary>
    public static void Multiply(ReadOnlySpan<float> x, float multiplier, Span<float> destination)
    {
        if (destination.Length < x.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        for (int i = 0; i < x.Length; i += Length)
        {
            int n = Math.Min(Length, x.Length - i);
            TensorPrimitives.Multiply(x.Slice(i, n), multiplier, destination.Slice(i, n));
        }
    }

    /// <summary>Σ x², each piece summed in float and the pieces in double, so a long vector keeps ~7 digits.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> x)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i += Length)
            sum += TensorPrimitives.SumOfSquares(x.Slice(i, Math.Min(Length, x.Length - i)));
        return sum;
    }
}
