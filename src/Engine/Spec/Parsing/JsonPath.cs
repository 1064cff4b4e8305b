using System.Globalization;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Builds the JSON paths that problems carry: <c>$.search.arms[1].model</c>.</summary>
internal static class JsonPath
{
    public const string Root = "$";

    private const int MaxNameShown = 100;

    public static string Child(string parent, string name)
    {
        // An unknown field can be named anything, including a megabyte of text; the path only has to point at it.
        if (name.Length > MaxNameShown) name = name[..MaxNameShown] + "…";
        return IsPlain(name) ? $"{parent}.{name}" : $"{parent}[\"{name.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"]";
    }

    public static string Index(string parent, int index) =>
        $"{parent}[{index.ToString(CultureInfo.InvariantCulture)}]";

    // Names a user may have mistyped can hold anything; only identifier-like ones are safe after a dot.
    private static bool IsPlain(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
