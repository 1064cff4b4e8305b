using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// destination += xᵀ·M for a sparse row x (its non-zeros from <see cref="NonZeros.Gather(ReadOnlySpan{float}, Span{int}, Span{float})"/>)
/// and a row-major matrix M with destination.Length columns: the forward pass of a layer stored [in][out], one
/// broadcast-FMA per non-zero input and output vector, the accumulators held in registers.
/// </summary>
public static partial class SparseVectorMatrix
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MultiplyAdd(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination) =>
        MultiplyAdd(indices, values, matrix, destination, Simd.Best);

    /// <summary>
    /// Row r of the m × n destination (m = rowStarts.Length − 1) += its sparse row times the matrix; the entries of
    /// row r are indices/values[rowStarts[r] .. rowStarts[r + 1]). One call per chunk of rows: the checks and the
    /// choice of width are made once.
    /// </summary>
    public static void MultiplyAddRows(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination) =>
        MultiplyAddRows(rowStarts, indices, values, matrix, destination, Simd.Best);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyAdd(
        ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination, SimdWidth width)
    {
        ReadOnlySpan<int> rowStarts = [0, indices.Length];
        MultiplyAddRows(rowStarts, indices, values, matrix, destination, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyAddRows(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination,
        SimdWidth width)
    {
        if (indices.Length != values.Length) throw new ArgumentException("indices and values differ in length.", nameof(values));
        int m = RowCount(rowStarts, indices.Length);
        if (m == 0 || destination.IsEmpty) return;
        if (destination.Length % m != 0)
            throw new ArgumentException($"destination has {destination.Length} values, not a multiple of {m} rows.", nameof(destination));
        int n = destination.Length / m;
        if (matrix.Length % n != 0)
            throw new ArgumentException($"matrix has {matrix.Length} values, not a multiple of {n} columns.", nameof(matrix));
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Rows<Lanes512<float>, Vector512<float>>(rowStarts, indices, values, matrix, destination, n);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Rows<Lanes256<float>, Vector256<float>>(rowStarts, indices, values, matrix, destination, n);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Rows<Lanes128<float>, Vector128<float>>(rowStarts, indices, values, matrix, destination, n);
        else
            for (int r = 0; r < m; r++)
                Scalar(Row(rowStarts, r, indices, values, matrix, destination, n));
    }

    /// <summary>The number of rows rowStarts describes, after checking it stays within the entries.</summary>
    internal static int RowCount(ReadOnlySpan<int> rowStarts, int entries)
    {
        if (rowStarts.IsEmpty) throw new ArgumentException("rowStarts needs at least one entry.", nameof(rowStarts));
        int m = rowStarts.Length - 1;
        if (rowStarts[0] < 0 || rowStarts[m] > entries)
            throw new ArgumentException("rowStarts points outside the entries.", nameof(rowStarts));
        for (int r = 0; r < m; r++)
            if (rowStarts[r + 1] < rowStarts[r]) throw new ArgumentException($"rowStarts decreases at row {r}.", nameof(rowStarts));
        return m;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Operands Row(
        ReadOnlySpan<int> rowStarts, int r, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination, int n)
    {
        int start = rowStarts[r], count = rowStarts[r + 1] - start;
        return new Operands(indices.Slice(start, count), values.Slice(start, count), matrix, destination.Slice(r * n, n));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TL, TV>(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination, int n)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int r = 0; r < rowStarts.Length - 1; r++)
        {
            var k = Row(rowStarts, r, indices, values, matrix, destination, n);
            if (k.Count > 0) Vectorized<TL, TV>(k);
        }
    }

    private readonly ref struct Operands(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination)
    {
        public readonly ref int Index = ref MemoryMarshal.GetReference(indices);
        public readonly ref float Value = ref MemoryMarshal.GetReference(values);
        public readonly ref float Matrix = ref MemoryMarshal.GetReference(matrix);
        public readonly ref float Destination = ref MemoryMarshal.GetReference(destination);
        public readonly int Count = indices.Length;
        public readonly int Columns = destination.Length;
        public readonly uint Rows = (uint)(matrix.Length / destination.Length);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref float Row(int i)
        {
            int k = Unsafe.Add(ref Index, i);
            if ((uint)k >= Rows) ThrowIndex(k);
            return ref Unsafe.Add(ref Matrix, (nint)k * Columns);
        }
    }

    private static void ThrowIndex(int k) => throw new IndexOutOfRangeException($"Index {k} is outside the matrix.");

    // Every lane sums its entries in one fixed order, on every width and in the scalar path, so the results are
    // bit-identical across machines. With S = 2 ways (S = 4 when the destination has at most 16 columns), entry i
    // goes to partial sum i mod S by fused multiply-adds in entry order, partial 0 starting from the destination's
    // value and the others from zero; then partials are added: p0 + p1, or (p0 + p1) + (p2 + p3). The partials are
    // independent FMA chains: eight vectors × 2 ways, or for a narrow output (10 classes: one or two vectors) 4 ways,
    // keep the FMA pipes from waiting on FMA latency.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(Operands k)
    {
        int ways = Ways(k.Columns);
        Span<float> partial = stackalloc float[4];
        for (int j = 0; j < k.Columns; j++)
        {
            partial.Clear();
            partial[0] = Unsafe.Add(ref k.Destination, j);
            for (int i = 0; i < k.Count; i++)
                partial[i % ways] = MathF.FusedMultiplyAdd(Unsafe.Add(ref k.Value, i), Unsafe.Add(ref k.Row(i), j), partial[i % ways]);
            Unsafe.Add(ref k.Destination, j) = ways == 2 ? partial[0] + partial[1] : (partial[0] + partial[1]) + (partial[2] + partial[3]);
        }
    }

    /// <summary>How many interleaved partial sums each lane keeps: four for narrow outputs, where few vectors give few chains.</summary>
    internal static int Ways(int columns) => columns <= 16 ? 4 : 2;

    // Passes of up to eight vectors over the non-zeros (four below 512 bits, where twice eight accumulators would
    // not fit in 16 registers). When the width does not divide the columns, the last vector starts at n − w and
    // overlaps lanes an earlier pass already stored: it starts from the destination as it was on entry, so the
    // shared lanes get the same sum, in the same order, again.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<TL, TV>(Operands k) where TL : struct, ILanes<TV, float> where TV : struct
    {
        int n = k.Columns, w = TL.Count;
        int tail = n % w == 0 ? -1 : n - w;
        TV tailStart = tail >= 0 ? TL.Load(ref Unsafe.Add(ref k.Destination, tail)) : TL.Zero;
        int j = 0;
        if (n > 16)
        {
            if (w == 16)
                for (; j <= n - 8 * w; j += 8 * w)
                    Pass8<TL, TV>(k, j);
            for (; j <= n - 4 * w; j += 4 * w)
                Pass4<TL, TV>(k, j, j + w, j + 2 * w, j + 3 * w, tail, tailStart);
        }
        int full = (n - j) / w;
        int P(int slot) => slot < full ? j + slot * w : tail;
        if (n <= 16)
        {
            switch (full + (tail >= 0 ? 1 : 0))
            {
                case 1: Narrow1<TL, TV>(k, P(0), tail, tailStart); break;
                case 2: Narrow2<TL, TV>(k, P(0), P(1), tail, tailStart); break;
                case 3: Narrow3<TL, TV>(k, P(0), P(1), P(2), tail, tailStart); break;
                case 4: Narrow4<TL, TV>(k, P(0), P(1), P(2), P(3), tail, tailStart); break;
            }
            return;
        }
        switch (full + (tail >= 0 ? 1 : 0))
        {
            case 1: Pass1<TL, TV>(k, P(0), tail, tailStart); break;
            case 2: Pass2<TL, TV>(k, P(0), P(1), tail, tailStart); break;
            case 3: Pass3<TL, TV>(k, P(0), P(1), P(2), tail, tailStart); break;
            case 4: Pass4<TL, TV>(k, P(0), P(1), P(2), P(3), tail, tailStart); break;
        }
    }
}
