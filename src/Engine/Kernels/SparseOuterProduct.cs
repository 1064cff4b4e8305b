using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// matrix += x ⊗ vector for a sparse x (its non-zeros): the weight gradient of a layer stored [in][out], dW += xᵀ·δ
/// one row at a time, touching only the rows of W whose input is non-zero.
/// </summary>
public static class SparseOuterProduct
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Add(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vector, Span<float> matrix) =>
        Add(indices, values, vector, matrix, Simd.Best);

    /// <summary>
    /// For each row r of the m × n vectors (m = rowStarts.Length − 1): matrix += (sparse row r) ⊗ (vector row r), the
    /// entries of row r being indices/values[rowStarts[r] .. rowStarts[r + 1]). Checks and width chosen once.
    /// </summary>
    public static void AddRows(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vectors, Span<float> matrix) =>
        AddRows(rowStarts, indices, values, vectors, matrix, Simd.Best);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void Add(
        ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vector, Span<float> matrix, SimdWidth width)
    {
        ReadOnlySpan<int> rowStarts = [0, indices.Length];
        AddRows(rowStarts, indices, values, vector, matrix, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AddRows(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vectors, Span<float> matrix,
        SimdWidth width)
    {
        if (indices.Length != values.Length) throw new ArgumentException("indices and values differ in length.", nameof(values));
        int m = SparseVectorMatrix.RowCount(rowStarts, indices.Length);
        if (m == 0 || vectors.IsEmpty) return;
        if (vectors.Length % m != 0)
            throw new ArgumentException($"vectors has {vectors.Length} values, not a multiple of {m} rows.", nameof(vectors));
        int n = vectors.Length / m;
        if (matrix.Length % n != 0)
            throw new ArgumentException($"matrix has {matrix.Length} values, not a multiple of {n} columns.", nameof(matrix));
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Rows<Lanes512<float>, Vector512<float>>(rowStarts, indices, values, vectors, matrix, n);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Rows<Lanes256<float>, Vector256<float>>(rowStarts, indices, values, vectors, matrix, n);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Rows<Lanes128<float>, Vector128<float>>(rowStarts, indices, values, vectors, matrix, n);
        else
            for (int r = 0; r < m; r++)
                Scalar(Row(rowStarts, r, indices, values, vectors, matrix, n));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Operands Row(
        ReadOnlySpan<int> rowStarts, int r, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vectors, Span<float> matrix, int n)
    {
        int start = rowStarts[r], count = rowStarts[r + 1] - start;
        return new Operands(indices.Slice(start, count), values.Slice(start, count), vectors.Slice(r * n, n), matrix);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TL, TV>(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vectors, Span<float> matrix, int n)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        for (int r = 0; r < rowStarts.Length - 1; r++)
        {
            var k = Row(rowStarts, r, indices, values, vectors, matrix, n);
            if (k.Count > 0) Vectorized<TL, TV>(k);
        }
    }

    private readonly ref struct Operands(ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> vector, Span<float> matrix)
    {
        public readonly ref int Index = ref MemoryMarshal.GetReference(indices);
        public readonly ref float Value = ref MemoryMarshal.GetReference(values);
        public readonly ref float Vector = ref MemoryMarshal.GetReference(vector);
        public readonly ref float Matrix = ref MemoryMarshal.GetReference(matrix);
        public readonly int Count = indices.Length;
        public readonly int Columns = vector.Length;
        public readonly uint Rows = (uint)(matrix.Length / vector.Length);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ref float Row(int i)
        {
            int k = Unsafe.Add(ref Index, i);
            if ((uint)k >= Rows) ThrowIndex(k);
            return ref Unsafe.Add(ref Matrix, (nint)k * Columns);
        }
    }

    private static void ThrowIndex(int k) => throw new IndexOutOfRangeException($"Index {k} is outside the matrix.");

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(Operands k)
    {
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            float s = Unsafe.Add(ref k.Value, i);
            for (int j = 0; j < k.Columns; j++)
                Unsafe.Add(ref row, j) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref k.Vector, j), Unsafe.Add(ref row, j));
        }
    }

    // Passes of up to four vectors, each loading all its matrix vectors before storing any, so the overlapping last
    // vector (at n − w) computes the same values as its neighbour in the same pass. Lanes it shares with an earlier
    // pass were already updated: there the vector is zeroed, adding an exact 0.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<TL, TV>(Operands k) where TL : struct, ILanes<TV, float> where TV : struct
    {
        int n = k.Columns, w = TL.Count;
        int j = 0;
        for (; j <= n - 4 * w; j += 4 * w)
            Pass4<TL, TV>(k, j, j + w, j + 2 * w, j + 3 * w, j);
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

    /// <summary>The vector at p, zero on lanes below <paramref name="done"/> (columns earlier passes updated).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Operand<TL, TV>(Operands k, int p, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV y = TL.Load(ref Unsafe.Add(ref k.Vector, p));
        return p < done ? TL.ZeroFirstLanes(y, done - p) : y;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TL, TV>(Operands k, int p0, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV y0 = Operand<TL, TV>(k, p0, done);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            TV r0 = TL.Load(ref Unsafe.Add(ref row, p0));
            TL.Store(TL.MultiplyAdd(s, y0, r0), ref Unsafe.Add(ref row, p0));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TL, TV>(Operands k, int p0, int p1, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV y0 = Operand<TL, TV>(k, p0, done), y1 = Operand<TL, TV>(k, p1, done);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            TV r0 = TL.Load(ref Unsafe.Add(ref row, p0));
            TV r1 = TL.Load(ref Unsafe.Add(ref row, p1));
            TL.Store(TL.MultiplyAdd(s, y0, r0), ref Unsafe.Add(ref row, p0));
            TL.Store(TL.MultiplyAdd(s, y1, r1), ref Unsafe.Add(ref row, p1));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TL, TV>(Operands k, int p0, int p1, int p2, int done) where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV y0 = Operand<TL, TV>(k, p0, done), y1 = Operand<TL, TV>(k, p1, done), y2 = Operand<TL, TV>(k, p2, done);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            TV r0 = TL.Load(ref Unsafe.Add(ref row, p0));
            TV r1 = TL.Load(ref Unsafe.Add(ref row, p1));
            TV r2 = TL.Load(ref Unsafe.Add(ref row, p2));
            TL.Store(TL.MultiplyAdd(s, y0, r0), ref Unsafe.Add(ref row, p0));
            TL.Store(TL.MultiplyAdd(s, y1, r1), ref Unsafe.Add(ref row, p1));
            TL.Store(TL.MultiplyAdd(s, y2, r2), ref Unsafe.Add(ref row, p2));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TL, TV>(Operands k, int p0, int p1, int p2, int p3, int done)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV y0 = Operand<TL, TV>(k, p0, done), y1 = Operand<TL, TV>(k, p1, done);
        TV y2 = Operand<TL, TV>(k, p2, done), y3 = Operand<TL, TV>(k, p3, done);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            TV r0 = TL.Load(ref Unsafe.Add(ref row, p0));
            TV r1 = TL.Load(ref Unsafe.Add(ref row, p1));
            TV r2 = TL.Load(ref Unsafe.Add(ref row, p2));
            TV r3 = TL.Load(ref Unsafe.Add(ref row, p3));
            TL.Store(TL.MultiplyAdd(s, y0, r0), ref Unsafe.Add(ref row, p0));
            TL.Store(TL.MultiplyAdd(s, y1, r1), ref Unsafe.Add(ref row, p1));
            TL.Store(TL.MultiplyAdd(s, y2, r2), ref Unsafe.Add(ref row, p2));
            TL.Store(TL.MultiplyAdd(s, y3, r3), ref Unsafe.Add(ref row, p3));
        }
    }
}
