using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>How values appear in messages: as the user wrote them, so they can be found in the file.</summary>
internal static class ValueText
{
    private const int MaxShown = 60;

    /// <summary>The value as written, shortened when long: <c>-0.5</c>, <c>"cosin"</c>, <c>true</c>.</summary>
    public static string Raw(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => Shorten(element.GetRawText()),
    };

    /// <summary>The value with its JSON type, for type mismatches: <c>string "abc"</c>, <c>an array</c>.</summary>
    public static string Found(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => "string " + Raw(element),
        JsonValueKind.Number => "number " + Raw(element),
        _ => Raw(element),
    };

    public static string Quote(string text) => Shorten(JsonSerializer.Serialize(text));

    public static string Number(double value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Limits read better with thousands separators: 10,000.</summary>
    public static string Count(long value) => value.ToString(Math.Abs(value) >= 10_000 ? "N0" : "0", CultureInfo.InvariantCulture);

    /// <summary>"1 value", "3 values".</summary>
    public static string Plural(long count, string noun) => $"{Count(count)} {noun}{(count == 1 ? "" : "s")}";

    public static string List(IEnumerable<string> names) => string.Join(", ", names);

    /// <summary>The text cut to a length a message can show, "…" marking the cut.</summary>
    public static string Shorten(string text) => text.Length <= MaxShown ? text : text[..(MaxShown - 1)] + "…";
}
