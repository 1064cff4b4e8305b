using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Reads one JSON value as the type a field needs. Each returns null after recording a problem, so that a caller
/// can go on and find the next problem instead of stopping at this one.
/// </summary>
internal static class JsonValues
{
    public static double? Double(JsonElement e, string path, Rule rule, Problems problems)
    {
        if (e.ValueKind != JsonValueKind.Number)
            return Fail<double>(problems, path, $"expected a number, found {ValueText.Found(e)}");
        if (!e.TryGetDouble(out var value) || !double.IsFinite(value))
            return Fail<double>(problems, path, $"{ValueText.Raw(e)} is not a finite number");
        return rule(value) is { } allowed ? Fail<double>(problems, path, $"{ValueText.Raw(e)} is not allowed; {allowed}") : value;
    }

    /// <summary>An integer in [min, max]; 1e3 counts as an integer, 2.5 does not.</summary>
    public static long? Integer(JsonElement e, string path, long min, long max, Problems problems)
    {
        if (e.ValueKind != JsonValueKind.Number)
            return Fail<long>(problems, path, $"expected an integer, found {ValueText.Found(e)}");
        if (!e.TryGetInt64(out var value))
        {
            if (!e.TryGetDouble(out var d) || !double.IsFinite(d))
                return Fail<long>(problems, path, $"{ValueText.Raw(e)} is not a finite number");
            if (d != Math.Floor(d))
                return Fail<long>(problems, path, $"expected an integer, found {ValueText.Raw(e)}");
            if (d < min) return TooSmall(e, path, min, problems);
            if (d > max) return TooLarge(e, path, max, problems);
            value = (long)d;
        }
        if (value < min) return TooSmall(e, path, min, problems);
        if (value > max) return TooLarge(e, path, max, problems);
        return value;
    }

    public static int? Int(JsonElement e, string path, int min, int max, Problems problems) =>
        (int?)Integer(e, path, min, max, problems);

    public static bool? Bool(JsonElement e, string path, Problems problems) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => Fail<bool>(problems, path, $"expected true or false, found {ValueText.Found(e)}"),
    };

    public static string? String(JsonElement e, string path, Problems problems)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            problems.Add(path, $"expected a string, found {ValueText.Found(e)}");
            return null;
        }
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate such as "\ud800" is valid JSON but no valid string.
            problems.Add(path, $"{ValueText.Raw(e)} is not a valid string (it holds an unpaired surrogate escape)");
            return null;
        }
    }

    public static T? Enum<T>(JsonElement e, string path, string noun, Problems problems) where T : struct, System.Enum
    {
        if (String(e, path, problems) is not { } name) return null;
        if (EnumNames<T>.TryParse(name, out var value)) return value;
        problems.Add(path, $"{ValueText.Quote(name)} is not {noun}; allowed: {ValueText.List(EnumNames<T>.All)}{Suggest.Hint(name, EnumNames<T>.All)}");
        return null;
    }

    /// <summary>A list read element by element; null when it is not a list or any element is wrong (each one reported).</summary>
    public static T[]? Array<T>(JsonElement e, string path, Func<JsonElement, string, T?> element, Problems problems) where T : struct
    {
        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, $"expected a list, found {ValueText.Found(e)}");
            return null;
        }
        var values = new T[e.GetArrayLength()];
        var ok = true;
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            if (element(item, JsonPath.Index(path, i)) is { } value) values[i] = value;
            else ok = false;
            i++;
        }
        return ok ? values : null;
    }

    private static T? Fail<T>(Problems problems, string path, string message) where T : struct
    {
        problems.Add(path, message);
        return null;
    }

    private static long? TooSmall(JsonElement e, string path, long min, Problems problems) =>
        Fail<long>(problems, path, $"{ValueText.Raw(e)} is not allowed; must be ≥ {ValueText.Count(min)}");

    private static long? TooLarge(JsonElement e, string path, long max, Problems problems) =>
        Fail<long>(problems, path, $"{ValueText.Raw(e)} is too large; must be ≤ {ValueText.Count(max)}");
}
