namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Resolves the file paths a spec names. A relative path is looked for next to the spec first, then in the
/// current directory, and stored absolute, so that a spec submitted to a cluster means the same file everywhere.
/// </summary>
internal static class DataPaths
{
    public static string? Read(SpecObject o, string field, string? baseDirectory, bool required)
    {
        var text = required ? o.RequiredText(field) : o.OptionalText(field);
        return text is null ? null : Resolve(text, o.At(field), baseDirectory, o.Problems);
    }

    public static string? Resolve(string text, string path, string? baseDirectory, Problems problems)
    {
        List<string> candidates = [];
        try
        {
            if (!Path.IsPathFullyQualified(text) && baseDirectory is not null)
                candidates.Add(Path.GetFullPath(Path.Combine(baseDirectory, text)));
            var fromCurrent = Path.GetFullPath(text);
            if (!candidates.Contains(fromCurrent)) candidates.Add(fromCurrent);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problems.Add(path, $"{ValueText.Quote(text)} is not a valid path: {e.Message}");
            return null;
        }

        foreach (var candidate in candidates)
            if (File.Exists(candidate)) return candidate;
        if (candidates.FirstOrDefault(Directory.Exists) is { } directory)
        {
            problems.Add(path, $"{ValueText.Quote(text)} is a directory ({directory}); give a file");
            return null;
        }
        var looked = candidates.Select(c => ValueText.Shorten(Path.GetDirectoryName(c) ?? c)).Distinct();
        problems.Add(path, $"file {ValueText.Quote(text)} not found (looked in {string.Join(" and ", looked)})");
        return null;
    }
}
