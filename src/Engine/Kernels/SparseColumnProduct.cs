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
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Vectorized<Lanes512<float>, Vector512<float>>(k);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Vectorized<Lanes256<float>, Vector256<float>>(k);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Vectorized<Lanes128<float>, Vector128<float>>(k);
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
    private static void Vectorized<TL, TV>(Operands k) where TL : struct, ILanes<TV, float> where TV : struct
    {
        int n = k.N, w = TL.Count, j = 0;
        // Each accumulator is a dependent FMA chain; eight of them cover the FMA latency on both pipes.
        for (; j <= n - 8 * w; j += 8 * w)
            Pass8<TL, TV>(k, j);
        if (j <= n - 4 * w)
        {
            Pass4<TL, TV>(k, j, j + w, j + 2 * w, j + 3 * w, j);
            j += 4 * w;
        }
        int tail = n % w == 0 ? -1 : n - w;
        int full = (n - j) / w;
        int P(int slot) => slot < full ? j + slot * w : tail;
        switch (full + (tail >= 0 ? 1 : 0))
        {
            case 1: Pass1<TL, TV>(k, P(0), j); break;
            case 2: Pass2<TL, TV>(k, P(0), P(1), j); break;
            case 3: Pass3<TL, TV>(k, P(0), P(1), P(2), j); break;
            case 4: Pass4<TL, TV>(k, P(0), P(1), P(2), P(3), j); break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Masked<TL, TV>(TV sum, int p, int done) where TL : struct, ILanes<TV, float> where TV : struct =>
        p < done ? TL.ZeroFirstLanes(sum, done - p) : sum;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TL, TV>(Operands k, int p0, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TL.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TL.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p0)), a0);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TL.Load(ref Unsafe.Add(ref target, p0));
            TL.Store(TL.Add(t0, Masked<TL, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TL, TV>(Operands k, int p0, int p1, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TL.Zero, a1 = TL.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TL.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p1)), a1);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TL.Load(ref Unsafe.Add(ref target, p0)), t1 = TL.Load(ref Unsafe.Add(ref target, p1));
            TL.Store(TL.Add(t0, Masked<TL, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TL.Store(TL.Add(t1, Masked<TL, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TL, TV>(Operands k, int p0, int p1, int p2, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TL.Zero, a1 = TL.Zero, a2 = TL.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TL.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p1)), a1);
                a2 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p2)), a2);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TL.Load(ref Unsafe.Add(ref target, p0)), t1 = TL.Load(ref Unsafe.Add(ref target, p1));
            TV t2 = TL.Load(ref Unsafe.Add(ref target, p2));
            TL.Store(TL.Add(t0, Masked<TL, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TL.Store(TL.Add(t1, Masked<TL, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
            TL.Store(TL.Add(t2, Masked<TL, TV>(a2, p2, done)), ref Unsafe.Add(ref target, p2));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TL, TV>(Operands k, int p0, int p1, int p2, int p3, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int c = 0; c < k.Columns; c++)
        {
            int begin = Unsafe.Add(ref k.Start, c), end = Unsafe.Add(ref k.Start, c + 1);
            if (begin == end) continue;
            TV a0 = TL.Zero, a1 = TL.Zero, a2 = TL.Zero, a3 = TL.Zero;
            for (int e = begin; e < end; e++)
            {
                ref float row = ref k.DenseRow(e);
                TV s = TL.Broadcast(Unsafe.Add(ref k.Value, e));
                a0 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p0)), a0);
                a1 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p1)), a1);
                a2 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p2)), a2);
                a3 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, p3)), a3);
            }
            ref float target = ref k.MatrixRow(c);
            TV t0 = TL.Load(ref Unsafe.Add(ref target, p0)), t1 = TL.Load(ref Unsafe.Add(ref target, p1));
            TV t2 = TL.Load(ref Unsafe.Add(ref target, p2)), t3 = TL.Load(ref Unsafe.Add(ref target, p3));
            TL.Store(TL.Add(t0, Masked<TL, TV>(a0, p0, done)), ref Unsafe.Add(ref target, p0));
            TL.Store(TL.Add(t1, Masked<TL, TV>(a1, p1, done)), ref Unsafe.Add(ref target, p1));
            TL.Store(TL.Add(t2, Masked<TL, TV>(a2, p2, done)), ref Unsafe.Add(ref target, p2));
            TL.Store(TL.Add(t3, Masked<TL, TV>(a3, p3, done)), ref Unsafe.Add(ref target, p3));
        }
    }

    // The hot loop of the MLP's first-layer gradient: operands in locals and constant displacements, as in
    // SparseVectorMatrix.Pass8.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass8<TL, TV>(Operands k, int p) where TL : struct, ILanes<TV, float> where TV : struct
    {
        int w = TL.Count, columnCount = k.Columns;
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
            TV a0 = TL.Zero;
            TV a1 = TL.Zero;
            TV a2 = TL.Zero;
            TV a3 = TL.Zero;
            TV a4 = TL.Zero;
            TV a5 = TL.Zero;
            TV a6 = TL.Zero;
            TV a7 = TL.Zero;
            for (int e = begin; e < end; e++)
            {
                int r = Unsafe.Add(ref rowOf, e);
                if ((uint)r >= denseRows) ThrowRow(r);
                ref float row = ref Unsafe.Add(ref dense, r * n);
                TV s = TL.Broadcast(Unsafe.Add(ref value, e));
                a0 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 0 * w)), a0);
                a1 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 1 * w)), a1);
                a2 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 2 * w)), a2);
                a3 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 3 * w)), a3);
                a4 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 4 * w)), a4);
                a5 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 5 * w)), a5);
                a6 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 6 * w)), a6);
                a7 = TL.MultiplyAdd(s, TL.Load(ref Unsafe.Add(ref row, 7 * w)), a7);
            }
            ref float t = ref Unsafe.Add(ref matrix, c * n);
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 0 * w)), a0), ref Unsafe.Add(ref t, 0 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 1 * w)), a1), ref Unsafe.Add(ref t, 1 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 2 * w)), a2), ref Unsafe.Add(ref t, 2 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 3 * w)), a3), ref Unsafe.Add(ref t, 3 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 4 * w)), a4), ref Unsafe.Add(ref t, 4 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 5 * w)), a5), ref Unsafe.Add(ref t, 5 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 6 * w)), a6), ref Unsafe.Add(ref t, 6 * w));
            TL.Store(TL.Add(TL.Load(ref Unsafe.Add(ref t, 7 * w)), a7), ref Unsafe.Add(ref t, 7 * w));
        }
    }
}
