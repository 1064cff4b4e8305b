using SweepCluster.Client.Console;
using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// Where `train`, `run`, `retry` and `refine` put their result, chosen and checked before any work starts so that a
/// path that cannot be written is exit 2 at once, not after the sweep: `--out FILE`; else standard output when it is
/// a pipe or a file; else, on a terminal, a file under the saved-results folder, named for the result, with a summary
/// printed instead of the JSON.
/// </summary>
internal sealed class ResultDestination
{
    private readonly string? _out;
    private readonly string? _savedFolder;

    private ResultDestination(string? output, string? savedFolder)
    {
        _out = output;
        _savedFolder = savedFolder;
    }

    /// <summary>True when the JSON goes to a file of its own and standard output shows a summary of it.</summary>
    public bool Summarizes => _savedFolder is not null;

    /// <exception cref="InputException">The file of --out, or the saved-results folder, cannot be written.</exception>
    public static ResultDestination Choose(string? output, ResultConsole console)
    {
        if (output is not null)
        {
            EnsureWritable(output);
            return new ResultDestination(output, null);
        }
        if (!console.StdoutIsTerminal) return new ResultDestination(null, null);
        var folder = Path.GetFullPath(console.SavedResultsFolder);
        try
        {
            Directory.CreateDirectory(folder);
            Probe(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"cannot save the result under \"{Shown(folder)}\" ({e.Message}); pass --out FILE, or redirect standard output to a file.");
        }
        return new ResultDestination(null, folder);
    }

    /// <summary>
    /// Checks that <paramref name="path"/> (an --out value) can be written, creating its folder: a file is created and
    /// deleted beside it, which is what writing it will do.
    /// </summary>
    /// <exception cref="InputException">It cannot: the message names --out, the path and why.</exception>
    public static void EnsureWritable(string path)
    {
        try
        {
            var target = Path.GetFullPath(path);
            if (Directory.Exists(target)) throw new IOException("it is a folder; give a file name");
            var folder = Path.GetDirectoryName(target)!;
            Directory.CreateDirectory(folder);
            Probe(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"--out: cannot write \"{path}\": {e.Message}");
        }
    }

    /// <summary>The file the JSON goes to for a result called <paramref name="name"/> with id <paramref name="id"/>; null: standard output.</summary>
    public string? PathFor(string name, string id) =>
        _out ?? (_savedFolder is null ? null : Path.Combine(_savedFolder, $"{SafeFileName(name)}-{SafeFileName(id)}.json"));

    /// <summary>A path as a person would type it from here: relative to the working folder when under it.</summary>
    public static string Shown(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : "./" + relative;
    }

    private static void Probe(string folder)
    {
        var probe = Path.Combine(folder, $".sweep-write-check-{Guid.NewGuid():N}");
        using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
        {
            // Created and deleted on close: the folder takes new files.
        }
    }

    /// <summary>Letters, digits, '.', '_' and '-' kept, anything else (a '/' in a spec's name) made a '-'.</summary>
    private static string SafeFileName(string text)
    {
        var safe = string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')).Trim('.');
        return safe.Length == 0 ? "result" : safe;
    }
}
