using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// Compresses a row to its non-zero entries. Skipping x = 0 in a product is exact, and 81% of MNIST pixels are 0,
/// so the layer kernels work on these lists; gathering on the fly needs no index precomputed per data set.
/// </summary>
public static class NonZeros
{
    /// <summary>
    /// Writes the positions and values of the entries of <paramref name="source"/> that are not ±0 (NaN included), in
    /// order, and returns how many. Both destinations need room for source.Length: entries past the count are scratch.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Gather(ReadOnlySpan<float> source, Span<int> indices, Span<float> values) =>
        Gather(source, indices, values, Simd.Best);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int Gather(ReadOnlySpan<float> source, Span<int> indices, Span<float> values, SimdWidth width)
    {
        if (indices.Length < source.Length) throw new ArgumentException("indices is shorter than source.", nameof(indices));
        if (values.Length < source.Length) throw new ArgumentException("values is shorter than source.", nameof(values));
        ref float x = ref MemoryMarshal.GetReference(source);
        ref int idx = ref MemoryMarshal.GetReference(indices);
        ref float val = ref MemoryMarshal.GetReference(values);
        int length = source.Length, count = 0, j = 0;
        if (width >= SimdWidth.V512 && Avx512F.IsSupported)
            (count, j) = Compress512(ref x, length, ref idx, ref val);
        else if (width >= SimdWidth.V256 && Vector256.IsHardwareAccelerated)
            (count, j) = Bits<Lanes256<float>, Vector256<float>>(ref x, length, ref idx, ref val);
        else if (width >= SimdWidth.V128 && Vector128.IsHardwareAccelerated)
            (count, j) = Bits<Lanes128<float>, Vector128<float>>(ref x, length, ref idx, ref val);

        // Branch-free: the slot at count is always written and kept only when the value is non-zero.
        for (; j < length; j++)
        {
            float v = Unsafe.Add(ref x, j);
            Unsafe.Add(ref idx, count) = j;
            Unsafe.Add(ref val, count) = v;
            count += v != 0f ? 1 : 0;
        }
        return count;
    }

    // VPCOMPRESS packs the selected lanes with no data-dependent branch; a full 16-lane store at count never passes
    // the slot of the current block, so it stays inside the destinations.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, int Next) Compress512(ref float x, int length, ref int idx, ref float val)
    {
        var position = Vector512<int>.Indices;
        var step = Vector512.Create(Vector512<float>.Count);
        int count = 0, j = 0;
        for (; j <= length - Vector512<float>.Count; j += Vector512<float>.Count)
        {
            var v = Vector512.LoadUnsafe(ref x, (nuint)j);
            var keep = ~Vector512.Equals(v, Vector512<float>.Zero);
            Avx512F.Compress(Vector512<float>.Zero, keep, v).StoreUnsafe(ref val, (nuint)count);
            Avx512F.Compress(Vector512<int>.Zero, keep.AsInt32(), position).StoreUnsafe(ref idx, (nuint)count);
            count += BitOperations.PopCount(keep.ExtractMostSignificantBits());
            position += step;
        }
        return (count, j);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (int Count, int Next) Bits<TL, TV>(ref float x, int length, ref int idx, ref float val)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        int w = TL.Count, count = 0, j = 0;
        for (; j <= length - w; j += w)
        {
            uint bits = TL.NonZeroBits(TL.Load(ref Unsafe.Add(ref x, j)));
            while (bits != 0)
            {
                int lane = BitOperations.TrailingZeroCount(bits);
                Unsafe.Add(ref idx, count) = j + lane;
                Unsafe.Add(ref val, count) = Unsafe.Add(ref x, j + lane);
                count++;
                bits &= bits - 1;
            }
        }
        return (count, j);
    }
}
