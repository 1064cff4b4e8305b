using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SweepCluster.Engine.Kernels;

/// <summary>
/// Cache-line-aligned vectors. A .NET array's data is only 8 or 16-byte aligned, so nearly every 64-byte Vector512
/// load from it spans two cache lines, which slows the layer kernels markedly (bench --kernels with UNALIGNED=1 shows
/// it). Allocate parameters, gradients and optimizer state here; any span still works, only slower.
/// </summary>
public static class AlignedMemory
{
    public const int Alignment = 64;

    /// <summary>
    /// <paramref name="length"/> zeroed values starting on a 64-byte boundary: a window of an array on the pinned object
    /// heap, which the GC never moves, so the alignment holds for the array's lifetime.
    /// </summary>
    public static unsafe Memory<T> Allocate<T>(int length) where T : unmanaged
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (Alignment % sizeof(T) != 0) throw new ArgumentException($"{typeof(T).Name} does not divide {Alignment} bytes.");
        int slack = Alignment / sizeof(T);
        var array = GC.AllocateArray<T>(length + slack, pinned: true);
        nint address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        int skip = (int)((Alignment - (address & (Alignment - 1))) & (Alignment - 1)) / sizeof(T);
        return array.AsMemory(skip, length);
    }

    /// <summary>Whether the span starts on a 64-byte boundary.</summary>
    public static unsafe bool IsAligned<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        ((nint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(span)) & (Alignment - 1)) == 0;
}
