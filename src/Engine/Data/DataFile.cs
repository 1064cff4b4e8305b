namespace SweepCluster.Engine.Data;

/// <summary>Opens a user's data file, turning the ways that fails into an error that names it.</summary>
internal static class DataFile
{
    public static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DataFormatException(path, "no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataFormatException(path, $"cannot be opened: {e.Message}", e);
        }
    }
}
