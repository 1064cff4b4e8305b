namespace SweepCluster.Engine.Data;

/// <summary>
/// Opens a user's data file, turning the ways that fails into an error that names it. The path is checked first
/// (<see cref="DataAccess"/>: under the data root, a regular file) and its resolved path is what is opened; the open
/// file's own length is checked again, so a file swapped for a device after the check is still refused.
/// </summary>
internal static class DataFile
{
    public static FileStream Open(string path)
    {
        var check = DataAccess.Check(path, DataAccess.Root);
        if (check.Refusal is { } refusal) throw new DataFormatException(path, refusal);
        FileStream stream;
        try
        {
            stream = new FileStream(check.Real, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be opened: {e.Message}", e);
        }
        if (stream.CanSeek && stream.Length > 0) return stream;
        stream.Dispose();
        throw new DataFormatException(path, "is empty, or not a regular file (a pipe, socket or device): there is no data to read");
    }
}
