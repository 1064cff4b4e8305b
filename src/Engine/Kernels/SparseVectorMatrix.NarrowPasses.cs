using System.Runtime.CompilerServices;

namespace SweepCluster.Engine.Kernels;

// The passes of SparseVectorMatrix for narrow outputs (at most 16 columns, e.g. 10 classes): four partial sums per
// vector instead of two, in the summation order documented in SparseVectorMatrix.cs.
public static partial class SparseVectorMatrix
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow1<TL, TV>(Operands k, int p0, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero, c0 = TL.Zero, d0 = TL.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            d0 = Term<TL, TV>(s3, ref r3, p0, d0);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
        }
        TL.Store(TL.Add(TL.Add(a0, b0), TL.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow2<TL, TV>(Operands k, int p0, int p1, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero, c0 = TL.Zero, d0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero, c1 = TL.Zero, d1 = TL.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
            d0 = Term<TL, TV>(s3, ref r3, p0, d0);
            d1 = Term<TL, TV>(s3, ref r3, p1, d1);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
        }
        TL.Store(TL.Add(TL.Add(a0, b0), TL.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(TL.Add(a1, b1), TL.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow3<TL, TV>(Operands k, int p0, int p1, int p2, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero, c0 = TL.Zero, d0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero, c1 = TL.Zero, d1 = TL.Zero;
        TV a2 = Start<TL, TV>(k, p2, tail, tailStart), b2 = TL.Zero, c2 = TL.Zero, d2 = TL.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
            a2 = Term<TL, TV>(s0, ref r0, p2, a2);
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
            b2 = Term<TL, TV>(s1, ref r1, p2, b2);
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
            c2 = Term<TL, TV>(s2, ref r2, p2, c2);
            d0 = Term<TL, TV>(s3, ref r3, p0, d0);
            d1 = Term<TL, TV>(s3, ref r3, p1, d1);
            d2 = Term<TL, TV>(s3, ref r3, p2, d2);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
            a2 = Term<TL, TV>(s0, ref r0, p2, a2);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
            b2 = Term<TL, TV>(s1, ref r1, p2, b2);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
            c2 = Term<TL, TV>(s2, ref r2, p2, c2);
        }
        TL.Store(TL.Add(TL.Add(a0, b0), TL.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(TL.Add(a1, b1), TL.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
        TL.Store(TL.Add(TL.Add(a2, b2), TL.Add(c2, d2)), ref Unsafe.Add(ref k.Destination, p2));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Narrow4<TL, TV>(Operands k, int p0, int p1, int p2, int p3, int tail, TV tailStart)
        where TL : struct, ILanes<TV, float> where TV : struct
    {
        TV a0 = Start<TL, TV>(k, p0, tail, tailStart), b0 = TL.Zero, c0 = TL.Zero, d0 = TL.Zero;
        TV a1 = Start<TL, TV>(k, p1, tail, tailStart), b1 = TL.Zero, c1 = TL.Zero, d1 = TL.Zero;
        TV a2 = Start<TL, TV>(k, p2, tail, tailStart), b2 = TL.Zero, c2 = TL.Zero, d2 = TL.Zero;
        TV a3 = Start<TL, TV>(k, p3, tail, tailStart), b3 = TL.Zero, c3 = TL.Zero, d3 = TL.Zero;
        int i = 0;
        for (; i + 3 < k.Count; i += 4)
        {
            ref float r0 = ref k.Row(i);
            ref float r1 = ref k.Row(i + 1);
            ref float r2 = ref k.Row(i + 2);
            ref float r3 = ref k.Row(i + 3);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i)), s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2)), s3 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 3));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
            a2 = Term<TL, TV>(s0, ref r0, p2, a2);
            a3 = Term<TL, TV>(s0, ref r0, p3, a3);
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
            b2 = Term<TL, TV>(s1, ref r1, p2, b2);
            b3 = Term<TL, TV>(s1, ref r1, p3, b3);
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
            c2 = Term<TL, TV>(s2, ref r2, p2, c2);
            c3 = Term<TL, TV>(s2, ref r2, p3, c3);
            d0 = Term<TL, TV>(s3, ref r3, p0, d0);
            d1 = Term<TL, TV>(s3, ref r3, p1, d1);
            d2 = Term<TL, TV>(s3, ref r3, p2, d2);
            d3 = Term<TL, TV>(s3, ref r3, p3, d3);
        }
        if (i < k.Count)
        {
            ref float r0 = ref k.Row(i);
            TV s0 = TL.Broadcast(Unsafe.Add(ref k.Value, i));
            a0 = Term<TL, TV>(s0, ref r0, p0, a0);
            a1 = Term<TL, TV>(s0, ref r0, p1, a1);
            a2 = Term<TL, TV>(s0, ref r0, p2, a2);
            a3 = Term<TL, TV>(s0, ref r0, p3, a3);
        }
        if (i + 1 < k.Count)
        {
            ref float r1 = ref k.Row(i + 1);
            TV s1 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 1));
            b0 = Term<TL, TV>(s1, ref r1, p0, b0);
            b1 = Term<TL, TV>(s1, ref r1, p1, b1);
            b2 = Term<TL, TV>(s1, ref r1, p2, b2);
            b3 = Term<TL, TV>(s1, ref r1, p3, b3);
        }
        if (i + 2 < k.Count)
        {
            ref float r2 = ref k.Row(i + 2);
            TV s2 = TL.Broadcast(Unsafe.Add(ref k.Value, i + 2));
            c0 = Term<TL, TV>(s2, ref r2, p0, c0);
            c1 = Term<TL, TV>(s2, ref r2, p1, c1);
            c2 = Term<TL, TV>(s2, ref r2, p2, c2);
            c3 = Term<TL, TV>(s2, ref r2, p3, c3);
        }
        TL.Store(TL.Add(TL.Add(a0, b0), TL.Add(c0, d0)), ref Unsafe.Add(ref k.Destination, p0));
        TL.Store(TL.Add(TL.Add(a1, b1), TL.Add(c1, d1)), ref Unsafe.Add(ref k.Destination, p1));
        TL.Store(TL.Add(TL.Add(a2, b2), TL.Add(c2, d2)), ref Unsafe.Add(ref k.Destination, p2));
        TL.Store(TL.Add(TL.Add(a3, b3), TL.Add(c3, d3)), ref Unsafe.Add(ref k.Destination, p3));
    }
}
