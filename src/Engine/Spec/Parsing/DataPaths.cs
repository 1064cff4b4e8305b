using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Resolves the file paths a spec names. A relative path is looked for next to the spec first, then in the
/// current directory, and stored absolute, so that a spec submitted to a cluster means the same file everywhere.
/// With a data root (a silo's <c>--data-root</c>) a relative path is looked for under the root only, and a path
/// outside it is refused without saying whether it exists. Only regular files with data are accepted
/// (<see cref="DataAccess"/>): never a device, a kernel file, a pipe or a socket.
/// </summary>
internal static class DataPaths
{
    public static string? Read(SpecObject o, string field, string? baseDirectory, string? root, bool required)
    {
        var text = required ? o.RequiredText(field) : o.OptionalText(field);
        return text is null ? null : Resolve(text, o.At(field), baseDirectory, root, o.Problems);
    }

    /// <param name="root">The real path of the data root, or null for any path.</param>
    public static string? Resolve(string text, string path, string? baseDirectory, string? root, Problems problems)
    {
        List<string> candidates = [];
        try
        {
            if (root is not null)
            {
                candidates.Add(Path.GetFullPath(text, root));
            }
            else
            {
                if (!Path.IsPathFullyQualified(text) && baseDirectory is not null)
                    candidates.Add(Path.GetFullPath(Path.Combine(baseDirectory, text)));
                var fromCurrent = Path.GetFullPath(text);
                if (!candidates.Contains(fromCurrent)) candidates.Add(fromCurrent);
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            problems.Add(path, $"{ValueText.Quote(text)} is not a valid path: {e.Message}");
            return null;
        }

        foreach (var candidate in candidates)
        {
            var check = DataAccess.Check(candidate, root);
            if (check.Refusal is null) return candidate;
            if (check.Missing) continue;
            problems.Add(path, $"{ValueText.Quote(text)} {check.Refusal}");
            return null;
        }
        var looked = candidates.Select(c => ValueText.Shorten(Path.GetDirectoryName(c) ?? c)).Distinct();
        problems.Add(path, $"file {ValueText.Quote(text)} not found (looked in {string.Join(" and ", looked)})");
        return null;
    }
}
