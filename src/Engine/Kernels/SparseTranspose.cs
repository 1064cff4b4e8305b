using System.Runtime.CompilerServices;

namespace SweepCluster.Engine.Kernels;

/// <summary>Row lists of non-zeros (CSR) to column lists (CSC): a counting sort, rows kept in order within a column.</summary>
public static class SparseTranspose
{
    /// <summary>
    /// Entry e of row r (rowStarts[r] ≤ e &lt; rowStarts[r + 1]) has column indices[e] and value values[e]. Writes, for
    /// each column c, its entries at columnStarts[c] … columnStarts[c + 1] − 1 as (row, value), rows ascending.
    /// The number of columns is columnStarts.Length − 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToColumns(
        ReadOnlySpan<int> rowStarts, ReadOnlySpan<int> indices, ReadOnlySpan<float> values,
        Span<int> columnStarts, Span<int> rows, Span<float> columnValues)
    {
        if (rowStarts.IsEmpty) throw new ArgumentException("rowStarts needs at least one entry.", nameof(rowStarts));
        if (columnStarts.IsEmpty) throw new ArgumentException("columnStarts needs at least one entry.", nameof(columnStarts));
        int m = rowStarts.Length - 1, columns = columnStarts.Length - 1, total = rowStarts[m];
        if (rowStarts[0] != 0 || total > indices.Length || total > values.Length)
            throw new ArgumentException("rowStarts does not describe the entries given.", nameof(rowStarts));
        if (rows.Length < total || columnValues.Length < total) throw new ArgumentException("The column destinations are too short.", nameof(rows));

        // Counts land one slot to the right, so after the prefix sum columnStarts[c] is where column c starts and
        // serves as its write cursor; the cursors end one column to the right, and a shift restores the starts.
        columnStarts.Clear();
        for (int e = 0; e < total; e++)
        {
            int c = indices[e];
            if ((uint)c >= (uint)columns) throw new IndexOutOfRangeException($"Column {c} is outside {columns} columns.");
            columnStarts[c + 1]++;
        }
        for (int c = 0; c < columns; c++) columnStarts[c + 1] += columnStarts[c];
        for (int r = 0; r < m; r++)
        {
            int end = rowStarts[r + 1];
            for (int e = rowStarts[r]; e < end; e++)
            {
                int p = columnStarts[indices[e]]++;
                rows[p] = r;
                columnValues[p] = values[e];
            }
        }
        for (int c = columns; c > 0; c--) columnStarts[c] = columnStarts[c - 1];
        columnStarts[0] = 0;
    }
}
