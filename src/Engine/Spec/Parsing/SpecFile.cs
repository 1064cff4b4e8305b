namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads a spec file's bytes, refusing a huge file without reading it all.</summary>
internal static class SpecFile
{
    private const int ChunkBytes = 64 * 1024;

    public static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new InputException($"spec file \"{path}\" is not a valid path: {e.Message}", e);
        }
    }

    /// <summary>The bytes, or null after a size problem; a missing or unreadable file is an <see cref="InputException"/>.</summary>
    public static byte[]? Read(string path, string fullPath, Problems problems)
    {
        if (Directory.Exists(fullPath)) throw new InputException($"spec file \"{path}\" is a directory, not a file");
        if (!File.Exists(fullPath)) throw new InputException($"spec file \"{path}\" not found (looked for {fullPath})");
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
            throw new InputException($"cannot read spec file \"{path}\": {e.Message}", e);
        }
    }
}
