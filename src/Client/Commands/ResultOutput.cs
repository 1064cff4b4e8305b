using SweepCluster.Client.Results;
using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// Where a streamed result goes (`--out FILE` or standard output). A file is written under a temporary name beside it
/// and renamed once complete, so that a stream that fails half-way (the cluster went away, Ctrl+C) never leaves a
/// truncated result where a script would read it.
/// </summary>
internal static class ResultOutput
{
    public static async Task WriteAsync(string? path, TextWriter stdout, Func<Stream, Task> write)
    {
        if (path is null)
        {
            await using var console = new TextWriterStream(stdout);
            await write(console);
            return;
        }
        string target, partial;
        FileStream file;
        try
        {
            target = Path.GetFullPath(path);
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
            file = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw CannotWrite(path, e);
        }
        try
        {
            await using (file) await write(file);
            File.Move(partial, target, overwrite: true);
        }
        catch (Exception e)
        {
            DeleteQuietly(partial);
            if (e is IOException or UnauthorizedAccessException) throw CannotWrite(path, e);
            throw;
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // What failed before matters more than a leftover temporary file, which says what it is by its name.
        }
    }

    private static InputException CannotWrite(string path, Exception e) => new($"--out: cannot write \"{path}\": {e.Message}");
}
