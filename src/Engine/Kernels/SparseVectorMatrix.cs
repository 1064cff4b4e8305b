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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MultiplyAdd(
        ReadOnlySpan<int> indices, ReadOnlySpan<float> values, ReadOnlySpan<float> matrix, Span<float> destination, SimdWidth width)
    {
        if (indices.Length != values.Length) throw new ArgumentException("indices and values differ in length.", nameof(values));
        int n = destination.Length;
        if (n == 0 ? matrix.Length != 0 : matrix.Length % n != 0)
            throw new ArgumentException($"matrix has {matrix.Length} values, not a multiple of {n} columns.", nameof(matrix));
        if (n == 0 || indices.IsEmpty) return;
        var k = new Operands(indices, values, matrix, destination);
        if (width >= SimdWidth.V512 && n >= 16 && Vector512.IsHardwareAccelerated) Vectorized<Ops512, Vector512<float>>(k);
        else if (width >= SimdWidth.V256 && n >= 8 && Vector256.IsHardwareAccelerated) Vectorized<Ops256, Vector256<float>>(k);
        else if (width >= SimdWidth.V128 && n >= 4 && Vector128.IsHardwareAccelerated) Vectorized<Ops128, Vector128<float>>(k);
        else Scalar(k);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar(Operands k)
    {
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            float s = Unsafe.Add(ref k.Value, i);
            for (int j = 0; j < k.Columns; j++)
                Unsafe.Add(ref k.Destination, j) = MathF.FusedMultiplyAdd(s, Unsafe.Add(ref row, j), Unsafe.Add(ref k.Destination, j));
        }
    }

    // Passes of up to four vectors over the non-zeros. When the width does not divide the columns, the last vector
    // starts at n − w and overlaps lanes that an earlier pass already stored: it starts from the destination as it
    // was on entry, so the shared lanes get the same sum, in the same order, again.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Vectorized<TOps, TV>(Operands k) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        int n = k.Columns, w = TOps.Count;
        int tail = n % w == 0 ? -1 : n - w;
        TV tailStart = tail >= 0 ? TOps.Load(ref Unsafe.Add(ref k.Destination, tail)) : TOps.Zero;
        int j = 0;
        // Eight accumulators are eight independent FMA chains: enough to cover the FMA latency on both pipes.
        for (; j <= n - 8 * w; j += 8 * w)
            Pass8<TOps, TV>(k, j, w);
        if (j <= n - 4 * w)
        {
            Pass4<TOps, TV>(k, j, j + w, j + 2 * w, j + 3 * w, tail, tailStart);
            j += 4 * w;
        }
        int full = (n - j) / w;
        int P(int slot) => slot < full ? j + slot * w : tail;
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TOps, TV>(Operands k, int p0, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
        }
        TOps.Store(a0, ref Unsafe.Add(ref k.Destination, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TOps, TV>(Operands k, int p0, int p1, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), a1 = Start<TOps, TV>(k, p1, tail, tailStart);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
        }
        TOps.Store(a0, ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(a1, ref Unsafe.Add(ref k.Destination, p1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TOps, TV>(Operands k, int p0, int p1, int p2, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), a1 = Start<TOps, TV>(k, p1, tail, tailStart);
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
            a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p2)), a2);
        }
        TOps.Store(a0, ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(a1, ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(a2, ref Unsafe.Add(ref k.Destination, p2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TOps, TV>(Operands k, int p0, int p1, int p2, int p3, int tail, TV tailStart)
        where TOps : struct, IVectorOps<TV> where TV : struct
    {
        TV a0 = Start<TOps, TV>(k, p0, tail, tailStart), a1 = Start<TOps, TV>(k, p1, tail, tailStart);
        TV a2 = Start<TOps, TV>(k, p2, tail, tailStart), a3 = Start<TOps, TV>(k, p3, tail, tailStart);
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref k.Row(i);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p0)), a0);
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p1)), a1);
            a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p2)), a2);
            a3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, p3)), a3);
        }
        TOps.Store(a0, ref Unsafe.Add(ref k.Destination, p0));
        TOps.Store(a1, ref Unsafe.Add(ref k.Destination, p1));
        TOps.Store(a2, ref Unsafe.Add(ref k.Destination, p2));
        TOps.Store(a3, ref Unsafe.Add(ref k.Destination, p3));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass8<TOps, TV>(Operands k, int p, int w) where TOps : struct, IVectorOps<TV> where TV : struct
    {
        ref float d = ref Unsafe.Add(ref k.Destination, p);
        TV a0 = TOps.Load(ref d), a1 = TOps.Load(ref Unsafe.Add(ref d, w));
        TV a2 = TOps.Load(ref Unsafe.Add(ref d, 2 * w)), a3 = TOps.Load(ref Unsafe.Add(ref d, 3 * w));
        TV a4 = TOps.Load(ref Unsafe.Add(ref d, 4 * w)), a5 = TOps.Load(ref Unsafe.Add(ref d, 5 * w));
        TV a6 = TOps.Load(ref Unsafe.Add(ref d, 6 * w)), a7 = TOps.Load(ref Unsafe.Add(ref d, 7 * w));
        for (int i = 0; i < k.Count; i++)
        {
            ref float row = ref Unsafe.Add(ref k.Row(i), p);
            TV s = TOps.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = TOps.MultiplyAdd(s, TOps.Load(ref row), a0);
            a1 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, w)), a1);
            a2 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 2 * w)), a2);
            a3 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 3 * w)), a3);
            a4 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 4 * w)), a4);
            a5 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 5 * w)), a5);
            a6 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 6 * w)), a6);
            a7 = TOps.MultiplyAdd(s, TOps.Load(ref Unsafe.Add(ref row, 7 * w)), a7);
        }
        TOps.Store(a0, ref d);
        TOps.Store(a1, ref Unsafe.Add(ref d, w));
        TOps.Store(a2, ref Unsafe.Add(ref d, 2 * w));
        TOps.Store(a3, ref Unsafe.Add(ref d, 3 * w));
        TOps.Store(a4, ref Unsafe.Add(ref d, 4 * w));
        TOps.Store(a5, ref Unsafe.Add(ref d, 5 * w));
        TOps.Store(a6, ref Unsafe.Add(ref d, 6 * w));
        TOps.Store(a7, ref Unsafe.Add(ref d, 7 * w));
    }
}
