namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads a spec file's bytes, refusing a huge file without reading it all.</summary>
internal static class SpecFile
{
    private const int ChunkBytes = 64 * 1024;

    /// <param name="what">How messages name the file: "spec file", "trainers file".</param>
    public static string FullPath(string path, string what = "spec file")
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"{what} \"{path}\" is not a valid path: {e.Message}", e);
        }
    }

    /// <summary>How long opening and reading a spec may take: a named pipe with no writer would block the open forever.</summary>
    private static readonly TimeSpan ReadPatience = TimeSpan.FromSeconds(10);

    /// <summary>The bytes, or null after a size problem; a missing or unreadable file is an <see cref="InputException"/>.</summary>
    public static byte[]? Read(string path, string fullPath, Problems problems, string what = "spec file")
    {
        if (Directory.Exists(fullPath)) throw new InputException($"{what} \"{path}\" is a directory, not a file");
        if (!File.Exists(fullPath)) throw new InputException($"{what} \"{path}\" not found (looked for {fullPath})");
        // .NET cannot tell a pipe from a file before opening it, so the read runs aside and is given up after a while
        // (its thread stays blocked in the open; the command ends anyway).
        var read = Task.Run(() => ReadBytes(path, fullPath, problems, what));
        // The continuation never faults, so waiting on it cannot wrap the read's own error in an AggregateException.
        if (!read.ContinueWith(_ => { }, TaskScheduler.Default).Wait(ReadPatience))
            throw new InputException($"{what} \"{path}\" could not be read within {ReadPatience.TotalSeconds:0} s: a named pipe nobody writes to, or a hung file system");
        return read.GetAwaiter().GetResult();
    }

    private static byte[]? ReadBytes(string path, string fullPath, Problems problems, string what)
    {
        try
        {
            using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.CanSeek && stream.Length > SpecLimits.MaxSpecBytes)
            {
                SpecText.TooLarge(stream.Length, problems);
                return null;
            }
            // The length can lie (a growing file, a pipe), so the read itself stops once past the limit.
            using var memory = new MemoryStream(stream.CanSeek ? (int)stream.Length + 1 : ChunkBytes);
            var chunk = new byte[ChunkBytes];
            int read;
            while ((read = stream.Read(chunk)) > 0)
            {
                memory.Write(chunk, 0, read);
                if (memory.Length <= SpecLimits.MaxSpecBytes) continue;
                SpecText.TooLarge(null, problems);
                return null;
            }
            return memory.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read {what} \"{path}\": {e.Message}", e);
        }
    }
}
