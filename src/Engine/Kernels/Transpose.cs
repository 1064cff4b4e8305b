using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SweepCluster.Engine.Kernels;

public static class Transpose
{
    // Tiles keep both the rows read and the rows written in L1 when the matrix is larger than it.
    private const int Tile = 16;

    /// <summary>destination (columns × rows) = sourceᵀ for a row-major source of rows × columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(ReadOnlySpan<float> source, int rows, int columns, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (source.Length != (long)rows * columns) throw new ArgumentException($"source has {source.Length} values, expected {rows}×{columns}.", nameof(source));
        if (destination.Length < source.Length) throw new ArgumentException("destination is too short.", nameof(destination));
        ref float s = ref MemoryMarshal.GetReference(source);
        ref float d = ref MemoryMarshal.GetReference(destination);
        for (int i0 = 0; i0 < rows; i0 += Tile)
        {
            int i1 = Math.Min(i0 + Tile, rows);
            for (int j0 = 0; j0 < columns; j0 += Tile)
            {
                int j1 = Math.Min(j0 + Tile, columns);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++)
                        Unsafe.Add(ref d, (nint)j * rows + i) = Unsafe.Add(ref s, (nint)i * columns + j);
            }
        }
    }
}
