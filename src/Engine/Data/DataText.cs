namespace SweepCluster.Engine.Data;

/// <summary>
/// How a data file's own content (a cell, a header name) appears in a message: quoted and cut to
/// <see cref="MaxShown"/> characters, so that a huge cell or a file that is not what the spec says (a binary, a
/// system file) is never echoed at length.
/// </summary>
internal static class DataText
{
    public const int MaxShown = 80;

    /// <summary><c>"abc"</c>, or the first characters and <c>…</c>; control characters shown as <c>?</c>.</summary>
    public static string Quote(ReadOnlySpan<char> text)
    {
        var shown = text.Length <= MaxShown ? text : text[..(MaxShown - 1)];
        var chars = new char[shown.Length];
        for (var i = 0; i < shown.Length; i++) chars[i] = char.IsControl(shown[i]) ? '?' : shown[i];
        return "\"" + new string(chars) + (shown.Length < text.Length ? "…\"" : "\"");
    }

    /// <summary>At most <paramref name="max"/> quoted names, then how many more there are.</summary>
    public static string List(IReadOnlyList<string> names, int max = 10) =>
        string.Join(", ", names.Take(max).Select(n => Quote(n)))
        + (names.Count > max ? $" and {names.Count - max:N0} more" : "");
}
