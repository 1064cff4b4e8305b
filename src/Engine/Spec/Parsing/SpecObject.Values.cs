namespace SweepCluster.Engine.Spec.Parsing;

// Typed fields. The pattern for all: absent gives the fallback, a wrong value gives null after a problem, so
// readers build their record from `value ?? fallback` and run cross-field checks only on values that are known.
internal sealed partial class SpecObject
{
    public double? Double(string name, double fallback, Rule rule) =>
        Field(name) is { } e ? JsonValues.Double(e, At(name), rule, Problems) : fallback;

    /// <summary>An optional number without a default: null when absent or wrong.</summary>
    public double? OptionalDouble(string name, Rule rule) =>
        Field(name) is { } e ? JsonValues.Double(e, At(name), rule, Problems) : null;

    public double? RequiredDouble(string name, Rule rule) =>
        Required(name) is { } e ? JsonValues.Double(e, At(name), rule, Problems) : null;

    public int? Int(string name, int fallback, int min, int max = int.MaxValue) =>
        Field(name) is { } e ? JsonValues.Int(e, At(name), min, max, Problems) : fallback;

    public int? OptionalInt(string name, int min, int max = int.MaxValue) =>
        Field(name) is { } e ? JsonValues.Int(e, At(name), min, max, Problems) : null;

    public int? RequiredInt(string name, int min, int max = int.MaxValue) =>
        Required(name) is { } e ? JsonValues.Int(e, At(name), min, max, Problems) : null;

    public long? OptionalLong(string name, long min, long max = long.MaxValue) =>
        Field(name) is { } e ? JsonValues.Integer(e, At(name), min, max, Problems) : null;

    public bool? Bool(string name, bool fallback) =>
        Field(name) is { } e ? JsonValues.Bool(e, At(name), Problems) : fallback;

    public T? Enum<T>(string name, T fallback, string noun) where T : struct, System.Enum =>
        Field(name) is { } e ? JsonValues.Enum<T>(e, At(name), noun, Problems) : fallback;

    /// <summary>A non-empty string, or null when absent (nothing reported) or wrong (reported).</summary>
    public string? OptionalText(string name) => Field(name) is { } e ? Text(e, At(name)) : null;

    public string? RequiredText(string name) => Required(name) is { } e ? Text(e, At(name)) : null;

    /// <summary>A non-empty list of numbers each allowed by <paramref name="rule"/>.</summary>
    public double[]? Doubles(string name, Rule rule, bool required)
    {
        var e = required ? Required(name) : Field(name);
        if (e is null) return null;
        var values = JsonValues.Array(e.Value, At(name), (item, path) => JsonValues.Double(item, path, rule, Problems), Problems);
        return NonEmpty(values, name);
    }

    /// <summary>A non-empty list of integers each in [min, max].</summary>
    public int[]? Ints(string name, int min, int max, bool required)
    {
        var e = required ? Required(name) : Field(name);
        if (e is null) return null;
        var values = JsonValues.Array(e.Value, At(name), (item, path) => JsonValues.Int(item, path, min, max, Problems), Problems);
        return NonEmpty(values, name);
    }

    private T[]? NonEmpty<T>(T[]? values, string name)
    {
        if (values is not { Length: 0 }) return values;
        Problems.Add(At(name), "the list is empty; give at least one value");
        return null;
    }

    private string? Text(System.Text.Json.JsonElement e, string path)
    {
        var text = JsonValues.String(e, path, Problems);
        if (text is null || text.Trim().Length > 0) return text;
        Problems.Add(path, "must not be empty");
        return null;
    }
}
