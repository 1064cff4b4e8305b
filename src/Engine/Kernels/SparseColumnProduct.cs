using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// matrix += Sᵀ·D for a sparse S (m × K, given by columns) and a dense row-major D (m × N): row k of the matrix
/// gains Σ over column k's entries of value × (its row of D). This is a layer's weight gradient Xᵀ·δ taken column by
/// column: each weight row is summed in registers over the batch rows that light its input, and read and written
/// once per call, instead of once per non-zero (the weight rows do not fit in L1; the δ rows of a chunk do).
/// </summary>
public static class SparseColumnProduct
{
    public static void Add(
        ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rows, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> matrix) =>
        Add(columnStarts, rows, values, dense, matrix, Simd.Best);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Add(
        ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rows, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> matrix,
        SimdWidth width)
    {
        if (columnStarts.IsEmpty) throw new ArgumentException("columnStarts needs at least one entry.", nameof(columnStarts));
        int columns = columnStarts.Length - 1, total = columnStarts[columns];
        if (columnStarts[0] != 0 || total > rows.Length || total > values.Length)
            throw new ArgumentException("columnStarts does not describe the entries given.", nameof(columnStarts));
        if (columns == 0 ? matrix.Length != 0 : matrix.Length % columns != 0)
            throw new ArgumentException($"matrix has {matrix.Length} values, not a multiple of {columns} rows.", nameof(matrix));
        if (columns == 0 || matrix.IsEmpty) return;
        int n = matrix.Length / columns;
        if (dense.Length % n != 0)
            throw new ArgumentException($"dense has {dense.Length} values, not a multiple of {n} columns.", nameof(dense));
        var k = new Operands(columnStarts, rows, values, dense, matrix, n);
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Vectorized<Ops512, Vector512<float>>(k);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Vectorized<Ops256, Vector256<float>>(k);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Vectorized<Ops128, Vector128<float>>(k);
        else Scalar(k);
    }

    private readonly ref struct Operands(
        ReadOnlySpan<int> columnStarts, ReadOnlySpan<int> rows, ReadOnlySpan<float> values, ReadOnlySpan<float> dense, Span<float> matrix, int n)
    {
        public readonly ref int Start = ref MemoryMarshal.GetReference(columnStarts);
        public readonly ref int Row = ref MemoryMarshal.GetReference(rows);
        public readonly ref float Value = ref MemoryMarshal.GetReference(values);
        public readonly ref float Dense = ref MemoryMarshal.GetReference(dense);
        public readonly ref float Matrix = ref MemoryMarshal.GetReference(matrix);
        public readonly int Columns = columnStarts.Length - 1;
        public readonly int N = n;
        public readonly uint DenseRows = (uint)(dense.Length / n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref float DenseRow(int e)
        {
            int r = Unsafe.Add(ref Row, e);
            if ((uint)r >= DenseRows) ThrowRow(r);
            return ref Unsafe.Add(ref Dense, (nint)r * N);
        }

        public ref float MatrixRow(int c) => ref Unsafe.Add(ref Matrix, (nint)c * N);
    }

    private static void ThrowRow(int r) => throw new IndexOutOfRangeException($"Row {r} is outside the dense matrix.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(Operands k)
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            ref float target = ref k.MatrixRow(c);
            for (int j = 0; j < k.N; j++)
            {
                float acc = 0;
                for (int e = begin; e < end; e++)
                    acc = MathF.FusedMultiplyAdd(Unsafe.Add(ref k.Value, e), Unsafe.Add(ref k.DenseRow(e), j), acc);
                Unsafe.Add(ref target, j) += acc;
            }
        }
    }

    // As in SparseOuterProduct: passes of up to four vectors; a pass reads all its matrix vectors before writing any,
    // so the last vector (at n − w) may overlap its neighbour; lanes an earlier pass wrote get an exact +0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<TOps, TV>(Operands k) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int n = k.N, w = TOps.Count, j = 0;
        // Each accumulator is a dependent FMA chain; eight of them cover the FMA latency on both pipes.
        for (; j <= n - 8 * w; j += 8 * w)
            Pass8<TOps, TV>(k, j);
        if (j <= n - 4 * w)
        {
            Pass4<TOps, TV>(k, j, j + w, j + 2 * w, j + 3 * w, j);
            j += 4 * w;
        }
        int tail = n % w == 0 ? -1 : n - w;
        int full = (n - j) / w;
        int P(int slot) => slot < full ? j + slot * w : tail;
        switch (full + (tail >= 0 ? 1 : 0))
        {
            case 1: Pass1<TOps, TV>(k, P(0), j); break;
            case 2: Pass2<TOps, TV>(k, P(0), P(1), j); break;
            case 3: Pass3<TOps, TV>(k, P(0), P(1), P(2), j); break;
            case 4: Pass4<TOps, TV>(k, P(0), P(1), P(2), P(3), j); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Masked<TOps, TV>(TV sum, int p, int done) where TOps : struct, IVectorOps<TV> where TV : struct =>
        p < done ? TOps.ZeroFirstLanes(sum, done - p) : sum;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TOps, TV>(Operands k, int p0, int done) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TOps.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TOps.Load(ref Unsafe.Add(ref target, p0));
            TOps.Store(TOps.Add(t0, Masked<TOps, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TOps, TV>(Operands k, int p0, int p1, int done) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TOps.Zero, a1 = TOps.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TOps.Load(ref Unsafe.Add(ref target, p0)), t1 = TOps.Load(ref Unsafe.Add(ref target, p1));
            TOps.Store(TOps.Add(t0, Masked<TOps, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TOps.Store(TOps.Add(t1, Masked<TOps, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TOps, TV>(Operands k, int p0, int p1, int p2, int done) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
                a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p2)), a2);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TOps.Load(ref Unsafe.Add(ref target, p0)), t1 = TOps.Load(ref Unsafe.Add(ref target, p1));
            TV t2 = TOps.Load(ref Unsafe.Add(ref target, p2));
            TOps.Store(TOps.Add(t0, Masked<TOps, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TOps.Store(TOps.Add(t1, Masked<TOps, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
            TOps.Store(TOps.Add(t2, Masked<TOps, TV>(a2, p2, done)), ref Unsafe.Add(ref target, p2));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TOps, TV>(Operands k, int p0, int p1, int p2, int p3, int done) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TOps.Zero, a1 = TOps.Zero, a2 = TOps.Zero, a3 = TOps.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
                a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p2)), a2);
                a3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p3)), a3);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TOps.Load(ref Unsafe.Add(ref target, p0)), t1 = TOps.Load(ref Unsafe.Add(ref target, p1));
            TV t2 = TOps.Load(ref Unsafe.Add(ref target, p2)), t3 = TOps.Load(ref Unsafe.Add(ref target, p3));
            TOps.Store(TOps.Add(t0, Masked<TOps, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TOps.Store(TOps.Add(t1, Masked<TOps, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
            TOps.Store(TOps.Add(t2, Masked<TOps, TV>(a2, p2, done)), ref Unsafe.Add(ref target, p2));
            TOps.Store(TOps.Add(t3, Masked<TOps, TV>(a3, p3, done)), ref Unsafe.Add(ref target, p3));
        }
    }

    // The hot loop of the MLP's first-layer gradient: operands in locals and constant displacements, as in
    // SparseVectorMatrix.Pass8.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass8<TOps, TV>(Operands k, int p) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int w = TOps.Count, columnCount = k.Columns;
        nint n = k.N;
        uint denseRows = k.DenseRows;
        ref int start = ref k.Start;
        ref int rowOf = ref k.Row;
        ref float value = ref k.Value;
        ref float dense = ref Unsafe.Add(ref k.Dense, p);
        ref float matrix = ref Unsafe.Add(ref k.Matrix, p);
        for (int c = 0; c < columnCount; c++)
        {
            int begin = Unsafe.Add(ref start, c), end = Unsafe.Add(ref start, c + 1);
            if (begin == end) continue;
            TV a0 = TOps.Zero;
            TV a1 = TOps.Zero;
            TV a2 = TOps.Zero;
            TV a3 = TOps.Zero;
            TV a4 = TOps.Zero;
            TV a5 = TOps.Zero;
            TV a6 = TOps.Zero;
            TV a7 = TOps.Zero;
            for (int e = begin; e < end; e++)
            {
                int r = Unsafe.Add(ref rowOf, e);
                if ((uint)r >= denseRows) ThrowRow(r);
                ref float row = ref Unsafe.Add(ref dense, r * n);
                TV s = TOps.Broadcast(Unsafe.Add(ref value, e));
                a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 0 * w)), a0);
                a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 1 * w)), a1);
                a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 2 * w)), a2);
                a3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 3 * w)), a3);
                a4 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 4 * w)), a4);
                a5 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 5 * w)), a5);
                a6 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 6 * w)), a6);
                a7 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 7 * w)), a7);
            }
            ref float t = ref Unsafe.Add(ref matrix, c * n);
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 0 * w)), a0), ref Unsafe.Add(ref t, 0 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 1 * w)), a1), ref Unsafe.Add(ref t, 1 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 2 * w)), a2), ref Unsafe.Add(ref t, 2 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 3 * w)), a3), ref Unsafe.Add(ref t, 3 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 4 * w)), a4), ref Unsafe.Add(ref t, 4 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 5 * w)), a5), ref Unsafe.Add(ref t, 5 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 6 * w)), a6), ref Unsafe.Add(ref t, 6 * w));
            TOps.Store(TOps.Add(TOps.Load(ref Unsafe.Add(ref t, 7 * w)), a7), ref Unsafe.Add(ref t, 7 * w));
        }
    }
}
