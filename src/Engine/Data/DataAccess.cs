namespace SweepCluster.Engine.Data;

/// <summary>
/// Which files a data spec may read. A silo sets <see cref="Root"/> (<c>--data-root</c>): every <c>idx</c> and <c>csv</c>
/// path must then lie under it once links and <c>..</c> are resolved, so a submitted spec cannot read other files of
/// the silo's host. Everywhere, root or not, only regular files with data are read: devices, kernel files (/dev,
/// /proc, /sys), pipes and sockets are refused before they are opened, since reading one never ends or never answers.
/// </summary>
public static class DataAccess
{
    private static readonly string[] SystemDirectories = ["/dev", "/proc", "/sys"];

    /// <summary>The real path of the directory data files must lie under; null: any file this process can read.</summary>
    public static string? Root { get; private set; }

    /// <summary>Restricts this process's data loads to files under <paramref name="root"/> (null lifts it).</summary>
    /// <exception cref="InputException">The root is not a directory.</exception>
    public static void RestrictTo(string? root) => Root = root is null ? null : RealRoot(root);

    /// <summary>The real path of a data root, which must be an existing directory.</summary>
    public static string RealRoot(string root)
    {
        string real;
        try
        {
            real = RealPath.Of(Path.GetFullPath(root));
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"--data-root: \"{root}\" is not a valid path: {e.Message}");
        }
        return Directory.Exists(real) ? real : throw new InputException($"--data-root: \"{root}\" is not a directory");
    }

    /// <summary>
    /// Whether <paramref name="path"/> may be read under <paramref name="root"/> (a real path, or null for any file):
    /// <see cref="FileCheck.Refusal"/> completes the sentence "PATH ...", and <see cref="FileCheck.Real"/> is what to open.
    /// </summary>
    public static FileCheck Check(string path, string? root)
    {
        string real;
        try
        {
            real = RealPath.Of(path);
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            return new FileCheck(path, $"cannot be resolved: {e.Message}", Missing: false);
        }
        if (root is not null && !RealPath.IsUnder(real, root))
            return new FileCheck(real, $"{Resolved(path, real)}is outside the data root {root} (--data-root): a submitted spec may only name files under it", Missing: false);
        if (IsSystemPath(real))
            return new FileCheck(real, $"{Resolved(path, real)}is a device or kernel file (under /dev, /proc or /sys), not a data file", Missing: false);
        if (Directory.Exists(real)) return new FileCheck(real, "is a directory, not a file", Missing: false);
        var file = new FileInfo(real);
        if (!file.Exists) return new FileCheck(real, "no such file", Missing: true);
        // A pipe, a socket or a device has no length, and reading one may block or never end: only data files are read.
        if (file.Length == 0) return new FileCheck(real, $"{Resolved(path, real)}is empty, or not a regular file (a pipe, socket or device): there is no data to read", Missing: false);
        return new FileCheck(real, null, Missing: false);
    }

    /// <summary>The real path of a file that may be read under <see cref="Root"/>, or an error naming <paramref name="field"/> and the path.</summary>
    public static string Readable(string path, string field)
    {
        var check = Check(path, Root);
        if (check.Refusal is not { } refusal) return check.Real;
        throw new InputException(check.Missing ? $"{field}: no such file: {path}" : $"{field}: {path} {refusal}");
    }

    private static bool IsSystemPath(string real) =>
        !OperatingSystem.IsWindows()
        && SystemDirectories.Any(d => real == d || real.StartsWith(d + "/", StringComparison.Ordinal));

    private static string Resolved(string path, string real) =>
        string.Equals(Path.GetFullPath(path), real, StringComparison.Ordinal) ? "" : $"(which resolves to {real}) ";
}

/// <summary>What <see cref="DataAccess.Check"/> found: the real path, and why it may not be read (null when it may).</summary>
/// <param name="Missing">The refusal is only that no such file exists (a spec parser looks elsewhere before it says so).</param>
public sealed record FileCheck(string Real, string? Refusal, bool Missing);
