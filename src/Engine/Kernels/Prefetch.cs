using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// Asks for memory to be brought into cache ahead of use. Training visits rows in shuffled order, so the hardware
/// prefetcher cannot guess the next row; requesting it while the current row is computed hides that latency.
/// A prefetch never faults and changes no value; where the CPU has no such instruction this does nothing.
/// </summary>
public static class Prefetch
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Range<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        if (!Sse.IsSupported || values.IsEmpty) return;
        // The address is only a hint: if the GC moved the array meanwhile, a stale line is fetched, nothing more.
        byte* start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(values));
        byte* end = start + (nint)values.Length * sizeof(T);
        for (byte* p = start; p < end; p += 64)
            Sse.Prefetch0(p);
        Sse.Prefetch0(end - 1);
    }
}
