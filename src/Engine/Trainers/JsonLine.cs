using System.Text;
using System.Text.Json;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Reads one output line as a JSON object when it is one. Python's <c>json.dumps</c> writes non-finite numbers as bare
/// <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>, which strict JSON refuses; they are read as those numbers, since a
/// diverging program reporting a NaN loss is exactly what must be seen.
/// </summary>
internal static class JsonLine
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 32 };

    /// <summary>The parsed object, or null when the line is not a single JSON object.</summary>
    public static JsonDocument? TryParseObject(string line)
    {
        var text = line.AsSpan().Trim();
        if (text.Length < 2 || text[0] != '{' || text[^1] != '}') return null;
        try
        {
            return JsonDocument.Parse(QuoteNonFinite(text), Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A number field's value, reading the quoted forms <see cref="QuoteNonFinite"/> produces (and "nan", "inf").</summary>
    public static bool TryGetNumber(JsonElement value, out double number)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                number = value.GetDouble();
                return true;
            case JsonValueKind.String:
                var text = value.GetString()!;
                if (MetricNumber.TryParse(text, out number) && !double.IsFinite(number)) return true;
                break;
        }
        number = 0;
        return false;
    }

    // Outside strings, replaces the bare words NaN, Infinity and -Infinity by quoted strings; everything else is kept.
    private static string QuoteNonFinite(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny("NI") < 0) return text.ToString();
        var result = new StringBuilder(text.Length + 8);
        bool inString = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length) result.Append(text[++i]);
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"')
            {
                inString = true;
                result.Append(c);
                continue;
            }
            var rest = text[i..];
            string? word = rest.StartsWith("NaN") ? "NaN" : rest.StartsWith("Infinity") ? "Infinity" : rest.StartsWith("-Infinity") ? "-Infinity" : null;
            if (word is null)
            {
                result.Append(c);
                continue;
            }
            result.Append('"').Append(word).Append('"');
            i += word.Length - 1;
        }
        return result.ToString();
    }
}
