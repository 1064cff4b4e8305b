namespace SweepCluster.Engine.Data;

/// <summary>
/// The canonical absolute path of a file, as the operating system would reach it (POSIX <c>realpath</c>): every
/// symbolic link along the way is followed and <c>..</c> is taken after the link before it, never lexically, so the
/// path that is checked is the path that is opened. Components that do not exist are kept as written.
/// </summary>
internal static class RealPath
{
    /// <summary>Linux's own limit on links followed in one lookup.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>The real path of <paramref name="path"/> (relative paths start at the current directory).</summary>
    /// <exception cref="IOException">A cycle of links, or more than <see cref="MaxLinks"/> of them.</exception>
    public static string Of(string path)
    {
        var full = Path.IsPathFullyQualified(path) ? path : Path.Join(Directory.GetCurrentDirectory(), path);
        var current = Path.GetPathRoot(full)!;
        var pending = new Stack<string>();
        Push(pending, full[current.Length..]);
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Join(current, part);
            if (LinkTarget(next) is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"more than {MaxLinks} symbolic links (a cycle?) in {path}");
            Push(pending, target);
            if (Path.IsPathRooted(target)) current = Path.GetPathRoot(target)!;
        }
        return current;
    }

    /// <summary>True when <paramref name="real"/> lies inside the directory <paramref name="realRoot"/> (both real paths).</summary>
    public static bool IsUnder(string real, string realRoot)
    {
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var prefix = Path.EndsInDirectorySeparator(realRoot) ? realRoot : realRoot + Path.DirectorySeparatorChar;
        return real.StartsWith(prefix, comparison);
    }

    // The components in order: the first one ends on top of the stack.
    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;   // not reachable: left as written, and the open that follows reports it
        }
    }
}
