using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// A JSON object of the spec being read. Every field a reader asks for becomes an allowed field, so after a
/// section has read what it knows, <see cref="RejectUnknown"/> reports the rest with the allowed list, and that
/// list can never drift from the code that reads it.
/// </summary>
internal sealed partial class SpecObject
{
    private readonly JsonElement _element;
    private readonly List<string> _allowed = [];
    private readonly List<string> _refused = [];

    private SpecObject(JsonElement element, string path, string what, Problems problems)
    {
        _element = element;
        Path = path;
        What = what;
        Problems = problems;
    }

    public string Path { get; }

    /// <summary>How messages name this object: "the sgd optimizer".</summary>
    public string What { get; set; }

    public Problems Problems { get; }

    /// <summary>The object at <paramref name="path"/>, or null after reporting that it is not an object.</summary>
    public static SpecObject? From(JsonElement element, string path, string what, Problems problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(path, $"expected an object, found {ValueText.Found(element)}");
            return null;
        }
        // JsonDocument keeps both copies of a repeated name; which one counts would be a silent surprise.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
            if (!seen.Add(property.Name))
                problems.Add(JsonPath.Child(path, property.Name), $"{ValueText.Quote(property.Name)} appears more than once");
        return new SpecObject(element, path, what, problems);
    }

    public string At(string name) => JsonPath.Child(Path, name);

    /// <summary>Allows the field and returns its value; null when it is absent or JSON null (both mean "use the default").</summary>
    public JsonElement? Field(string name)
    {
        if (!_allowed.Contains(name)) _allowed.Add(name);
        return _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;
    }

    public bool Has(string name) => Field(name) is not null;

    /// <summary>Whether the field is given (not JSON null), without allowing it: for choosing a default kind.</summary>
    public bool Contains(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Every field with its value, all allowed: for an object whose names are the user's (a map), not a section's.</summary>
    public IEnumerable<(string Name, JsonElement Value)> Entries()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_allowed.Contains(property.Name)) _allowed.Add(property.Name);
            yield return (property.Name, property.Value);
        }
    }

    /// <summary>Like <see cref="Field"/>, reporting an absent field.</summary>
    public JsonElement? Required(string name)
    {
        var value = Field(name);
        if (value is null) Problems.Add(At(name), $"is required for {What}");
        return value;
    }

    /// <summary>A nested object, or null when absent (nothing reported) or not an object (reported).</summary>
    public SpecObject? Object(string name, string what) =>
        Field(name) is { } value ? From(value, At(name), what, Problems) : null;

    /// <summary>
    /// The discriminator (<c>kind</c>, <c>source</c>): a known name, or null after a problem that lists the
    /// allowed names. Absent is only allowed when <paramref name="fallback"/> says which kind to use.
    /// </summary>
    public string? Kind(string field, IReadOnlyList<string> allowed, string noun, string? fallback = null)
    {
        var value = Field(field);
        if (value is null)
        {
            if (fallback is null) Problems.Add(At(field), $"{noun} is required; allowed: {ValueText.List(allowed)}");
            return fallback;
        }
        if (JsonValues.String(value.Value, At(field), Problems) is not { } name) return null;
        if (allowed.Contains(name)) return name;
        Problems.Add(At(field), $"{ValueText.Quote(name)} is not {noun}; allowed: {ValueText.List(allowed)}{Suggest.Hint(name, allowed)}");
        return null;
    }

    /// <summary>
    /// Reports a field that exists in the spec but not in this object's kind, with <paramref name="message"/> instead of
    /// the list of allowed fields; true when the field is there.
    /// </summary>
    public bool Refuse(string name, string message)
    {
        if (!_element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return false;
        if (!_refused.Contains(name)) _refused.Add(name);
        Problems.Add(At(name), message);
        return true;
    }

    /// <summary>Reports every field that no reader asked for. Call once, after the last <see cref="Field"/>.</summary>
    public void RejectUnknown()
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (_allowed.Contains(property.Name) || _refused.Contains(property.Name)) continue;
            Problems.AddUnknownField(At(property.Name),
                $"{ValueText.Quote(property.Name)} is not a field of {What}; allowed: {ValueText.List(_allowed)}{Suggest.Hint(property.Name, _allowed)}");
        }
    }
}
