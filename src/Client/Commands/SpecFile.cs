using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>Reads a spec file for the verbs, turning a missing or unreadable file into a clear input error.</summary>
internal static class SpecFile
{
    /// <summary>Spec files are small; a larger one is a mistake (a data file given as a spec), refused before reading it.</summary>
    public const long MaxBytes = 10 * 1024 * 1024;

    public static string Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists) throw new InputException($"SPEC.json: file \"{path}\" not found.");
            if (info.Length > MaxBytes) throw new InputException($"SPEC.json: \"{path}\" is {info.Length:N0} bytes; a spec may be at most {MaxBytes:N0} bytes.");
            return File.ReadAllText(path, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true));
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw new InputException($"SPEC.json: \"{path}\" is not valid UTF-8 text.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"SPEC.json: cannot read \"{path}\": {e.Message}");
        }
    }

    public static string Folder(string path) => Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
}
