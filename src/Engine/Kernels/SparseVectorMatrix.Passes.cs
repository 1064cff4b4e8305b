using System.Runtime.CompilerServices;

namespace SweepCluster.Engine.Kernels;

// The unrolled passes of SparseVectorMatrix, one per number of output vectors, all following the summation order
// documented in SparseVectorMatrix.cs (entry i onto partial sum i mod S, partial 0 starting from the destination).
public static partial class SparseVectorMatrix
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Start<TL, TV>(Operands k, int p, int tail, TV tailStart) where TL : struct, ILanes<TV, float> where TV : struct =>
        p == tail ? tailStart : TL.Load(ref Unsafe.Add(ref k.Destination, p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Term<TL, TV>(TV scale, ref float row, int p, TV sum) where TL : struct, ILanes<TV, float> where TV : struct =>
        TL.MultiplyAdd(scale, TL.Load(ref Unsafe.Add(ref row, p)), sum);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass1<TL, TV>(Operands k, int p0, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i)), t = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            b0 = Term<TL, TV>(t, ref next, p0, b0);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
        }
        TL.Store(TL.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2<TL, TV>(Operands k, int p0, int p1, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i)), t = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
            b0 = Term<TL, TV>(t, ref next, p0, b0);
            b1 = Term<TL, TV>(t, ref next, p1, b1);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
        }
        TL.Store(TL.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3<TL, TV>(Operands k, int p0, int p1, int p2, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero;
        TV a2 = Start<TL, TV>(k, p2, tail, tailStart), b2 = TL.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i)), t = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
            a2 = Term<TL, TV>(s, ref row, p2, a2);
            b0 = Term<TL, TV>(t, ref next, p0, b0);
            b1 = Term<TL, TV>(t, ref next, p1, b1);
            b2 = Term<TL, TV>(t, ref next, p2, b2);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
            a2 = Term<TL, TV>(s, ref row, p2, a2);
        }
        TL.Store(TL.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
        TL.Store(TL.Add(a2, b2), ref Unsafe.Add(ref k.Destination, p2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4<TL, TV>(Operands k, int p0, int p1, int p2, int p3, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero;
        TV a2 = Start<TL, TV>(k, p2, tail, tailStart), b2 = TL.Zero;
        TV a3 = Start<TL, TV>(k, p3, tail, tailStart), b3 = TL.Zero;
        int i = 0;
        for (; i + 1 < k.Count; i += 2)
        {
            ref float row = ref k.Row(i);
            ref float next = ref k.Row(i + 1);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i)), t = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
            a2 = Term<TL, TV>(s, ref row, p2, a2);
            a3 = Term<TL, TV>(s, ref row, p3, a3);
            b0 = Term<TL, TV>(t, ref next, p0, b0);
            b1 = Term<TL, TV>(t, ref next, p1, b1);
            b2 = Term<TL, TV>(t, ref next, p2, b2);
            b3 = Term<TL, TV>(t, ref next, p3, b3);
        }
        if (i < k.Count)
        {
            ref float row = ref k.Row(i);
            TV s = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s, ref row, p0, a0);
            a1 = Term<TL, TV>(s, ref row, p1, a1);
            a2 = Term<TL, TV>(s, ref row, p2, a2);
            a3 = Term<TL, TV>(s, ref row, p3, a3);
        }
        TL.Store(TL.Add(a0, b0), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(a1, b1), ref Unsafe.Add(ref k.Destination, p1));
        TL.Store(TL.Add(a2, b2), ref Unsafe.Add(ref k.Destination, p2));
        TL.Store(TL.Add(a3, b3), ref Unsafe.Add(ref k.Destination, p3));
    }

    // The hot loop of the MLP's first layer. Operands are copied to locals and the width is the JIT-time constant,
    // so the loop keeps everything in registers and addresses the eight vectors by constant displacements.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass8<TL, TV>(Operands k, int p) where TL : struct, ILanes<TV, float> where TV : struct
    {
        int w = TL.Count, count = k.Count;
        nint columns = k.Columns;
        uint rows = k.Rows;
        ref int index = ref k.Index;
        ref float value = ref k.Value;
        ref float matrix = ref Unsafe.Add(ref k.Matrix, p);
        ref float d = ref Unsafe.Add(ref k.Destination, p);
        TV a0 = TL.Load(ref Unsafe.Add(ref d, 0 * w)), b0 = TL.Zero;
        TV a1 = TL.Load(ref Unsafe.Add(ref d, 1 * w)), b1 = TL.Zero;
        TV a2 = TL.Load(ref Unsafe.Add(ref d, 2 * w)), b2 = TL.Zero;
        TV a3 = TL.Load(ref Unsafe.Add(ref d, 3 * w)), b3 = TL.Zero;
        TV a4 = TL.Load(ref Unsafe.Add(ref d, 4 * w)), b4 = TL.Zero;
        TV a5 = TL.Load(ref Unsafe.Add(ref d, 5 * w)), b5 = TL.Zero;
        TV a6 = TL.Load(ref Unsafe.Add(ref d, 6 * w)), b6 = TL.Zero;
        TV a7 = TL.Load(ref Unsafe.Add(ref d, 7 * w)), b7 = TL.Zero;
        int i = 0;
        for (; i + 1 < count; i += 2)
        {
            int r0 = Unsafe.Add(ref index, i), r1 = Unsafe.Add(ref index, i + 1);
            if ((uint)r0 >= rows) ThrowIndex(r0);
            if ((uint)r1 >= rows) ThrowIndex(r1);
            ref float row = ref Unsafe.Add(ref matrix, r0 * columns);
            ref float next = ref Unsafe.Add(ref matrix, r1 * columns);
            TV s = TL.Broadcast(Unsafe.Add(ref value, i)), t = TL.Broadcast(Unsafe.Add(ref value, i + 1));
            a0 = Term<TL, TV>(s, ref row, 0 * w, a0);
            a1 = Term<TL, TV>(s, ref row, 1 * w, a1);
            a2 = Term<TL, TV>(s, ref row, 2 * w, a2);
            a3 = Term<TL, TV>(s, ref row, 3 * w, a3);
            a4 = Term<TL, TV>(s, ref row, 4 * w, a4);
            a5 = Term<TL, TV>(s, ref row, 5 * w, a5);
            a6 = Term<TL, TV>(s, ref row, 6 * w, a6);
            a7 = Term<TL, TV>(s, ref row, 7 * w, a7);
            b0 = Term<TL, TV>(t, ref next, 0 * w, b0);
            b1 = Term<TL, TV>(t, ref next, 1 * w, b1);
            b2 = Term<TL, TV>(t, ref next, 2 * w, b2);
            b3 = Term<TL, TV>(t, ref next, 3 * w, b3);
            b4 = Term<TL, TV>(t, ref next, 4 * w, b4);
            b5 = Term<TL, TV>(t, ref next, 5 * w, b5);
            b6 = Term<TL, TV>(t, ref next, 6 * w, b6);
            b7 = Term<TL, TV>(t, ref next, 7 * w, b7);
        }
        if (i < count)
        {
            int r0 = Unsafe.Add(ref index, i);
            if ((uint)r0 >= rows) ThrowIndex(r0);
            ref float row = ref Unsafe.Add(ref matrix, r0 * columns);
            TV s = TL.Broadcast(Unsafe.Add(ref value, i));
            a0 = Term<TL, TV>(s, ref row, 0 * w, a0);
            a1 = Term<TL, TV>(s, ref row, 1 * w, a1);
            a2 = Term<TL, TV>(s, ref row, 2 * w, a2);
            a3 = Term<TL, TV>(s, ref row, 3 * w, a3);
            a4 = Term<TL, TV>(s, ref row, 4 * w, a4);
            a5 = Term<TL, TV>(s, ref row, 5 * w, a5);
            a6 = Term<TL, TV>(s, ref row, 6 * w, a6);
            a7 = Term<TL, TV>(s, ref row, 7 * w, a7);
        }
        TL.Store(TL.Add(a0, b0), ref Unsafe.Add(ref d, 0 * w));
        TL.Store(TL.Add(a1, b1), ref Unsafe.Add(ref d, 1 * w));
        TL.Store(TL.Add(a2, b2), ref Unsafe.Add(ref d, 2 * w));
        TL.Store(TL.Add(a3, b3), ref Unsafe.Add(ref d, 3 * w));
        TL.Store(TL.Add(a4, b4), ref Unsafe.Add(ref d, 4 * w));
        TL.Store(TL.Add(a5, b5), ref Unsafe.Add(ref d, 5 * w));
        TL.Store(TL.Add(a6, b6), ref Unsafe.Add(ref d, 6 * w));
        TL.Store(TL.Add(a7, b7), ref Unsafe.Add(ref d, 7 * w));
    }
}
