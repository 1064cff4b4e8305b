using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// destination += xᵀ·M for a sparse row x (its non-zeros from <see cref="NonZeros.Gather(ReadOnlySpan{float}, Span{int}, Span{float})"/>)
/// and a row-major matrix M with destination.Length columns: the forward pass of a layer stored [in][out], one
/// broadcast-FMA per non-zero input and output vector, the accumulators held in registers.
/// </summary>
public static class SparseVectorMatrix
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
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Rows<Ops512, Vector512<float>>(rowStarts, indices, values, matrix, destination, n);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Rows<Ops256, Vector256<float>>(rowStarts, indices, values, matrix, destination, n);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Rows<Ops128, Vector128<float>>(rowStarts, indices, values, matrix, destination, n);
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
    private static void Rows<TOps, TV>(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination, int n)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        for (int r = 0; r < rowStarts.Length - 1; r++)
        {
            var k = Row(rowStarts, r, indices, values, matrix, destination, n);
            if (k.Count > 0) Vectorized<TOps, TV>(k);
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
    private static void Vectorized<TOps, TV>(Operands k) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int n = k.Columns, w = TOps.Count;
        int tail = n % w == 0 ? -1 : n - w;
        TV tailStart = tail >= 0 ? TOps.Load(ref Unsafe.Add(ref k.Destination, tail)) : TOps.Zero;
        int j = 0;
        if (n > 16)
        {
            if (w == 16)
                for (; j <= n - 8 * w; j += 8 * w)
                    Pass8<TOps, TV>(k, j);
            for (; j <= n - 4 * w; j += 4 * w)
                Pass4<TOps, TV>(k, j, j + w, j + 2 * w, j + 3 * w, tail, tailStart);
        }
        int full = (n - j) / w;
        int P(int slot) => slot < full ? j + slot * w : tail;
        if (n <= 16)
        {
            switch (full + (tail >= 0 ? 1 : 0))
            {
                case 1: Narrow1<TOps, TV>(k, P(0), tail, tailStart); break;
                case 2: Narrow2<TOps, TV>(k, P(0), P(1), tail, tailStart); break;
                case 3: Narrow3<TOps, TV>(k, P(0), P(1), P(2), tail, tailStart); break;
                case 4: Narrow4<TOps, TV>(k, P(0), P(1), P(2), P(3), tail, tailStart); break;
            }
            return;
        }
        switch (full + (tail >= 0 ? 1 : 0))
        {
            case 1: Pass1<TOps, TV>(k, P(0), tail, tailStart); break;
            case 2: Pass2<TOps, TV>(k, P(0), P(1), tail, tailStart); break;
            case 3: Pass3<TOps, TV>(k, P(0), P(1), P(2), tail, tailStart); break;
            case 4: Pass4<TOps, TV>(k, P(0), P(1), P(2), P(3), tail, tailStart); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TOps, TV>(Operands k, int p, int tail, TV tailStart) where TOps : struct, IVectorOps<TV> where TV : struct =>
        p == tail ? tailStart : TOps.Load(ref Unsafe.Add(ref k.Destination, p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Term<TOps, TV>(TV scale, ref float row, int p, TV sum) where TOps : struct, IVectorOps<TV> where TV : struct =>
        TOps.MultiplyAdd(scale, TOps.Load(ref Unsafe.Add(ref row, p)), sum);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TOps, TV>(Operands k, int p0, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), t = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            b0 = Term<TOps, TV>(t, ref next, p0, b0);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
        }
        TOps.Store(TOps.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TOps, TV>(Operands k, int p0, int p1, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), t = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
            b0 = Term<TOps, TV>(t, ref next, p0, b0);
            b1 = Term<TOps, TV>(t, ref next, p1, b1);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
        }
        TOps.Store(TOps.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TOps, TV>(Operands k, int p0, int p1, int p2, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero;
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart), b2 = TOps.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), t = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
            a2 = Term<TOps, TV>(s, ref row, p2, a2);
            b0 = Term<TOps, TV>(t, ref next, p0, b0);
            b1 = Term<TOps, TV>(t, ref next, p1, b1);
            b2 = Term<TOps, TV>(t, ref next, p2, b2);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
            a2 = Term<TOps, TV>(s, ref row, p2, a2);
        }
        TOps.Store(TOps.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(TOps.Add(a2, b2), ref Unsafe.Add(ref k.Destination, p2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TOps, TV>(Operands k, int p0, int p1, int p2, int p3, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero;
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart), b2 = TOps.Zero;
        TV a3 = Start<TOps, TV>(k, p3, tail, tailStart), b3 = TOps.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), t = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
            a2 = Term<TOps, TV>(s, ref row, p2, a2);
            a3 = Term<TOps, TV>(s, ref row, p3, a3);
            b0 = Term<TOps, TV>(t, ref next, p0, b0);
            b1 = Term<TOps, TV>(t, ref next, p1, b1);
            b2 = Term<TOps, TV>(t, ref next, p2, b2);
            b3 = Term<TOps, TV>(t, ref next, p3, b3);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s, ref row, p0, a0);
            a1 = Term<TOps, TV>(s, ref row, p1, a1);
            a2 = Term<TOps, TV>(s, ref row, p2, a2);
            a3 = Term<TOps, TV>(s, ref row, p3, a3);
        }
        TOps.Store(TOps.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(TOps.Add(a2, b2), ref Unsafe.Add(ref k.Destination, p2));
        TOps.Store(TOps.Add(a3, b3), ref Unsafe.Add(ref k.Destination, p3));
    }

    // The hot loop of the MLP's first layer. Operands are copied to locals and the width is the JIT-time constant,
    // so the loop keeps everything in registers and addresses the eight vectors by constant displacements.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass8<TOps, TV>(Operands k, int p) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int w = TOps.Count, count = k.Count;
        nint columns = k.Columns;
        uint rows = k.Rows;
        ref int index = ref k.Index;
        ref float value = ref k.Value;
        ref float matrix = ref Unsafe.Add(ref k.Matrix, p);
        ref float d = ref Unsafe.Add(ref k.Destination, p);
        TV a0 = TOps.Load(ref Unsafe.Add(ref d, 0 * w)), b0 = TOps.Zero;
        TV a1 = TOps.Load(ref Unsafe.Add(ref d, 1 * w)), b1 = TOps.Zero;
        TV a2 = TOps.Load(ref Unsafe.Add(ref d, 2 * w)), b2 = TOps.Zero;
        TV a3 = TOps.Load(ref Unsafe.Add(ref d, 3 * w)), b3 = TOps.Zero;
        TV a4 = TOps.Load(ref Unsafe.Add(ref d, 4 * w)), b4 = TOps.Zero;
        TV a5 = TOps.Load(ref Unsafe.Add(ref d, 5 * w)), b5 = TOps.Zero;
        TV a6 = TOps.Load(ref Unsafe.Add(ref d, 6 * w)), b6 = TOps.Zero;
        TV a7 = TOps.Load(ref Unsafe.Add(ref d, 7 * w)), b7 = TOps.Zero;
        int i = 0;
        for (; i + 1 < count; i += 2)
        {
            int r0 = Unsafe.Add(ref index, i), r1 = Unsafe.Add(ref index, i + 1);
            if ((uint)r0 >= rows) ThrowIndex(r0);
            if ((uint)r1 >= rows) ThrowIndex(r1);
            ref float row = ref Unsafe.Add(ref matrix, r0 * columns);
            ref float next = ref Unsafe.Add(ref matrix, r1 * columns);
            TV s = TOps.Broadcast(Unsafe.Add(ref value, i)), t = TOps.Broadcast(Unsafe.Add(ref value, i + 1));
            a0 = Term<TOps, TV>(s, ref row, 0 * w, a0);
            a1 = Term<TOps, TV>(s, ref row, 1 * w, a1);
            a2 = Term<TOps, TV>(s, ref row, 2 * w, a2);
            a3 = Term<TOps, TV>(s, ref row, 3 * w, a3);
            a4 = Term<TOps, TV>(s, ref row, 4 * w, a4);
            a5 = Term<TOps, TV>(s, ref row, 5 * w, a5);
            a6 = Term<TOps, TV>(s, ref row, 6 * w, a6);
            a7 = Term<TOps, TV>(s, ref row, 7 * w, a7);
            b0 = Term<TOps, TV>(t, ref next, 0 * w, b0);
            b1 = Term<TOps, TV>(t, ref next, 1 * w, b1);
            b2 = Term<TOps, TV>(t, ref next, 2 * w, b2);
            b3 = Term<TOps, TV>(t, ref next, 3 * w, b3);
            b4 = Term<TOps, TV>(t, ref next, 4 * w, b4);
            b5 = Term<TOps, TV>(t, ref next, 5 * w, b5);
            b6 = Term<TOps, TV>(t, ref next, 6 * w, b6);
            b7 = Term<TOps, TV>(t, ref next, 7 * w, b7);
        }
        if (i < count)
        {
            int r0 = Unsafe.Add(ref index, i);
            if ((uint)r0 >= rows) ThrowIndex(r0);
            ref float row = ref Unsafe.Add(ref matrix, r0 * columns);
            TV s = TOps.Broadcast(Unsafe.Add(ref value, i));
            a0 = Term<TOps, TV>(s, ref row, 0 * w, a0);
            a1 = Term<TOps, TV>(s, ref row, 1 * w, a1);
            a2 = Term<TOps, TV>(s, ref row, 2 * w, a2);
            a3 = Term<TOps, TV>(s, ref row, 3 * w, a3);
            a4 = Term<TOps, TV>(s, ref row, 4 * w, a4);
            a5 = Term<TOps, TV>(s, ref row, 5 * w, a5);
            a6 = Term<TOps, TV>(s, ref row, 6 * w, a6);
            a7 = Term<TOps, TV>(s, ref row, 7 * w, a7);
        }
        TOps.Store(TOps.Add(a0, b0), ref Unsafe.Add(ref d, 0 * w));
        TOps.Store(TOps.Add(a1, b1), ref Unsafe.Add(ref d, 1 * w));
        TOps.Store(TOps.Add(a2, b2), ref Unsafe.Add(ref d, 2 * w));
        TOps.Store(TOps.Add(a3, b3), ref Unsafe.Add(ref d, 3 * w));
        TOps.Store(TOps.Add(a4, b4), ref Unsafe.Add(ref d, 4 * w));
        TOps.Store(TOps.Add(a5, b5), ref Unsafe.Add(ref d, 5 * w));
        TOps.Store(TOps.Add(a6, b6), ref Unsafe.Add(ref d, 6 * w));
        TOps.Store(TOps.Add(a7, b7), ref Unsafe.Add(ref d, 7 * w));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow1<TOps, TV>(Operands k, int p0, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero, c0 = TOps.Zero, d0 = TOps.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            d0 = Term<TOps, TV>(s3, ref r3, p0, d0);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
        }
        TOps.Store(TOps.Add(TOps.Add(a0, b0), TOps.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow2<TOps, TV>(Operands k, int p0, int p1, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero, c0 = TOps.Zero, d0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero, c1 = TOps.Zero, d1 = TOps.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
            d0 = Term<TOps, TV>(s3, ref r3, p0, d0);
            d1 = Term<TOps, TV>(s3, ref r3, p1, d1);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
        }
        TOps.Store(TOps.Add(TOps.Add(a0, b0), TOps.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(TOps.Add(a1, b1), TOps.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow3<TOps, TV>(Operands k, int p0, int p1, int p2, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero, c0 = TOps.Zero, d0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero, c1 = TOps.Zero, d1 = TOps.Zero;
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart), b2 = TOps.Zero, c2 = TOps.Zero, d2 = TOps.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
            a2 = Term<TOps, TV>(s0, ref r0, p2, a2);
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
            b2 = Term<TOps, TV>(s1, ref r1, p2, b2);
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
            c2 = Term<TOps, TV>(s2, ref r2, p2, c2);
            d0 = Term<TOps, TV>(s3, ref r3, p0, d0);
            d1 = Term<TOps, TV>(s3, ref r3, p1, d1);
            d2 = Term<TOps, TV>(s3, ref r3, p2, d2);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
            a2 = Term<TOps, TV>(s0, ref r0, p2, a2);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
            b2 = Term<TOps, TV>(s1, ref r1, p2, b2);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
            c2 = Term<TOps, TV>(s2, ref r2, p2, c2);
        }
        TOps.Store(TOps.Add(TOps.Add(a0, b0), TOps.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(TOps.Add(a1, b1), TOps.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(TOps.Add(TOps.Add(a2, b2), TOps.Add(c2, d2)), ref Unsafe.Add(ref k.Destination, p2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow4<TOps, TV>(Operands k, int p0, int p1, int p2, int p3, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), b0 = TOps.Zero, c0 = TOps.Zero, d0 = TOps.Zero;
        TV a1 = Start<TOps, TV>(k, p1, tail, tailStart), b1 = TOps.Zero, c1 = TOps.Zero, d1 = TOps.Zero;
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart), b2 = TOps.Zero, c2 = TOps.Zero, d2 = TOps.Zero;
        TV a3 = Start<TOps, TV>(k, p3, tail, tailStart), b3 = TOps.Zero, c3 = TOps.Zero, d3 = TOps.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
            a2 = Term<TOps, TV>(s0, ref r0, p2, a2);
            a3 = Term<TOps, TV>(s0, ref r0, p3, a3);
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
            b2 = Term<TOps, TV>(s1, ref r1, p2, b2);
            b3 = Term<TOps, TV>(s1, ref r1, p3, b3);
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
            c2 = Term<TOps, TV>(s2, ref r2, p2, c2);
            c3 = Term<TOps, TV>(s2, ref r2, p3, c3);
            d0 = Term<TOps, TV>(s3, ref r3, p0, d0);
            d1 = Term<TOps, TV>(s3, ref r3, p1, d1);
            d2 = Term<TOps, TV>(s3, ref r3, p2, d2);
            d3 = Term<TOps, TV>(s3, ref r3, p3, d3);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TOps, TV>(s0, ref r0, p0, a0);
            a1 = Term<TOps, TV>(s0, ref r0, p1, a1);
            a2 = Term<TOps, TV>(s0, ref r0, p2, a2);
            a3 = Term<TOps, TV>(s0, ref r0, p3, a3);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TOps, TV>(s1, ref r1, p0, b0);
            b1 = Term<TOps, TV>(s1, ref r1, p1, b1);
            b2 = Term<TOps, TV>(s1, ref r1, p2, b2);
            b3 = Term<TOps, TV>(s1, ref r1, p3, b3);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TOps.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TOps, TV>(s2, ref r2, p0, c0);
            c1 = Term<TOps, TV>(s2, ref r2, p1, c1);
            c2 = Term<TOps, TV>(s2, ref r2, p2, c2);
            c3 = Term<TOps, TV>(s2, ref r2, p3, c3);
        }
        TOps.Store(TOps.Add(TOps.Add(a0, b0), TOps.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(TOps.Add(TOps.Add(a1, b1), TOps.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(TOps.Add(TOps.Add(a2, b2), TOps.Add(c2, d2)), ref Unsafe.Add(ref k.Destination, p2));
        TOps.Store(TOps.Add(TOps.Add(a3, b3), TOps.Add(c3, d3)), ref Unsafe.Add(ref k.Destination, p3));
    }
}
