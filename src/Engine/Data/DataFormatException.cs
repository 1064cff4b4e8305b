namespace SweepCluster.Engine.Data;

/// <summary>
/// A data file that cannot be read as what the spec says it is. The message starts with the file, then where
/// (line and column, for CSV) and what was wrong, e.g.
/// <c>train-images.idx3-ubyte: magic number 0x00000804 is not an IDX image file (expected 0x00000803)</c>.
/// </summary>
public sealed class DataFormatException : InputException
{
    public DataFormatException(string file, string problem) : base($"{file}: {problem}")
    {
        File = file;
        Problem = problem;
    }

    public DataFormatException(string file, string problem, Exception inner) : base($"{file}: {problem}", inner)
    {
        File = file;
        Problem = problem;
    }

    /// <summary>A problem at one cell of a CSV file: <paramref name="line"/> is the 1-based line in the file.</summary>
    public DataFormatException(string file, int line, string? column, string problem)
        : base($"{file}: line {line}{(column is null ? "" : $", column {column}")}: {problem}")
    {
        File = file;
        Problem = problem;
        Line = line;
        Column = column;
    }

    /// <summary>The path as the caller gave it (the spec parser makes it absolute).</summary>
    public string File { get; }

    public string Problem { get; }

    /// <summary>1-based line number in the file, for text formats.</summary>
    public int? Line { get; }

    /// <summary>The column as shown in the message: <c>"name" (index 2)</c>, or <c>index 2</c> without a header.</summary>
    public string? Column { get; }
}
