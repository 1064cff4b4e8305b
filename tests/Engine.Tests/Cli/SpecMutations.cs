using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>What a broken spec must get: refused for sure, or refused unless the change happens to be allowed.</summary>
internal enum Expectation
{
    /// <summary>Exit 2 and a message naming <see cref="SpecMutation.Path"/> (or the root, for text that is no spec).</summary>
    Refused,

    /// <summary>Exit 0, or exit 2 with a message naming the path (a zero momentum is fine, a zero batch size is not).</summary>
    RefusedOrValid,
}

/// <param name="Path">The JSON path ("$.optimizer.momentum") the message must name; "$" for the whole text.</param>
internal sealed record SpecMutation(string Example, string Description, byte[] Bytes, Expectation Expectation, string Path);

/// <summary>
/// Broken specs derived from a valid one: every value given the wrong type, out-of-range and non-finite numbers, an
/// unknown field in every object, an unknown name for every kind, each field removed, every list emptied, the search
/// range turned round, grids past the documented limit, and the text itself cut short, nested too deep or made invalid
/// UTF-8.
/// </summary>
internal static class SpecMutations
{
    private static readonly string[] Numbers = ["-1", "0", "1e308", "-1e308", "0.5"];

    public static IEnumerable<SpecMutation> Of(string example, string json)
    {
        var root = JsonNode.Parse(json)!;
        foreach (var (path, node) in Walk(root, "$"))
        {
            foreach (var mutation in OfValue(example, root, path, node)) yield return mutation;
            if (node is JsonObject obj)
            {
                yield return Mutate(example, root, path, $"{path}: an unknown field", n => ((JsonObject)n!)["zzUnknownField"] = 1, Expectation.Refused, path + ".zzUnknownField");
                foreach (var field in obj.Select(p => p.Key).ToArray())
                    yield return Mutate(example, root, path, $"{path}.{field} removed", n => ((JsonObject)n!).Remove(field), Expectation.RefusedOrValid, path);
            }
        }
        foreach (var mutation in OfSearch(example, root)) yield return mutation;
        foreach (var mutation in OfText(example, json)) yield return mutation;
    }

    private static IEnumerable<SpecMutation> OfValue(string example, JsonNode root, string path, JsonNode node)
    {
        if (path == "$") yield break;
        var field = path[(path.LastIndexOf('.') + 1)..];
        switch (node)
        {
            case JsonObject:
                yield return Replace(example, root, path, "an object turned into a list", new JsonArray(1, 2), Expectation.Refused);
                yield return Replace(example, root, path, "an object turned into a number", JsonValue.Create(3), Expectation.Refused);
                break;
            case JsonArray array:
                yield return Replace(example, root, path, "a list turned into an object", new JsonObject { ["a"] = 1 }, Expectation.Refused);
                yield return Replace(example, root, path, "a list turned into a string", JsonValue.Create("[1,2]"), Expectation.Refused);
                yield return Replace(example, root, path, "a list emptied", new JsonArray(), Expectation.RefusedOrValid);
                if (array.Count > 0 && array[0] is JsonValue)
                    yield return Replace(example, root, path, "a list of the wrong items", new JsonArray("x", true, null), Expectation.Refused);
                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                var kindLike = field is "kind" or "source" or "activation" or "metric" or "mode" or "rule" or "unit" or "anneal" or "task";
                if (kindLike)
                    yield return Replace(example, root, path, "an unknown name", JsonValue.Create("no-such-" + field), Expectation.Refused);
                // labelColumn takes a name or an index, batchSize "full" or a number.
                yield return Replace(example, root, path, "a string turned into a number", JsonValue.Create(12345), field is "labelColumn" or "batchSize" ? Expectation.RefusedOrValid : Expectation.Refused);
                yield return Replace(example, root, path, "a string turned into a boolean", JsonValue.Create(true), Expectation.Refused);
                yield return Replace(example, root, path, "an empty string", JsonValue.Create(""), Expectation.RefusedOrValid);
                yield return Replace(example, root, path, "a 10,000-character string", JsonValue.Create(new string('x', 10_000) + text), Expectation.RefusedOrValid);
                break;
            case JsonValue value when value.TryGetValue<bool>(out _):
                yield return Replace(example, root, path, "a boolean turned into a string", JsonValue.Create("yes"), Expectation.Refused);
                yield return Replace(example, root, path, "a boolean turned into a number", JsonValue.Create(1), Expectation.Refused);
                break;
            case JsonValue:
                yield return Replace(example, root, path, "a number turned into a string", JsonValue.Create("ten"), Expectation.Refused);
                yield return Replace(example, root, path, "a number turned into a boolean", JsonValue.Create(false), Expectation.Refused);
                yield return Replace(example, root, path, "a number turned into null", null, Expectation.RefusedOrValid);
                foreach (var number in Numbers)
                    yield return Raw(example, root, path, $"the number {number}", number, Expectation.RefusedOrValid);
                // JSON has no NaN or Infinity, and a literal too large for a double is infinite.
                yield return Raw(example, root, path, "NaN", "NaN", Expectation.Refused, "$");
                yield return Raw(example, root, path, "Infinity", "Infinity", Expectation.Refused, "$");
                yield return Raw(example, root, path, "1e999", "1e999", Expectation.Refused);
                break;
        }
    }

    private static IEnumerable<SpecMutation> OfSearch(string example, JsonNode root)
    {
        if (root["search"] is not JsonObject) yield break;
        yield return Mutate(example, root, "$.search", "min above max", n => { n!["min"] = 10; n["max"] = 1e-3; }, Expectation.Refused, "$.search");
        yield return Mutate(example, root, "$.search", "min equal to max", n => { n!["min"] = 0.1; n["max"] = 0.1; }, Expectation.Refused, "$.search");
        yield return Mutate(example, root, "$.search", "a grid of 10¹² points",
            n => ReplaceSearch(n!, new JsonObject { ["kind"] = "grid", ["min"] = 1e-300, ["max"] = 1e300, ["pointsPerDecade"] = 1e9 }), Expectation.Refused, "$.search");
        yield return Mutate(example, root, "$.search", "a grid just past the limit of 100,000 points",
            n => ReplaceSearch(n!, new JsonObject { ["kind"] = "grid", ["min"] = 1e-5, ["max"] = 1, ["pointsPerDecade"] = 20001 }), Expectation.Refused, "$.search");
        yield return Mutate(example, root, "$.search", "100,001 explicit rates",
            n => ReplaceSearch(n!, new JsonObject { ["kind"] = "grid", ["learningRates"] = new JsonArray([.. Enumerable.Range(1, 100_001).Select(i => (JsonNode?)JsonValue.Create(i * 1e-6))]) }), Expectation.Refused, "$.search");
        yield return Mutate(example, root, "$.search", "65 arms",
            n => n!["arms"] = new JsonArray([.. Enumerable.Range(0, 65).Select(i => (JsonNode?)new JsonObject { ["name"] = $"a{i}" })]), Expectation.Refused, "$.search.arms");
        yield return Mutate(example, root, "$.search", "a negative concurrency", n => n!["concurrency"] = -3, Expectation.Refused, "$.search.concurrency");
    }

    private static void ReplaceSearch(JsonNode search, JsonObject replacement)
    {
        var obj = (JsonObject)search;
        foreach (var key in obj.Select(p => p.Key).ToArray()) obj.Remove(key);
        foreach (var (key, value) in replacement.ToArray())
        {
            replacement.Remove(key);
            obj[key] = value;
        }
    }

    private static IEnumerable<SpecMutation> OfText(string example, string json)
    {
        var text = json.TrimEnd();
        var utf8 = Encoding.UTF8.GetBytes(text);
        // Cut short at 24 places: never valid JSON, since the closing brace is gone.
        for (var i = 1; i <= 24; i++)
        {
            var at = (int)((long)utf8.Length * i / 25);
            yield return new SpecMutation(example, $"cut short at byte {at}", utf8[..at], Expectation.Refused, "$");
        }
        yield return new SpecMutation(example, "empty file", [], Expectation.Refused, "$");
        yield return new SpecMutation(example, "the JSON null", "null"u8.ToArray(), Expectation.Refused, "$");
        yield return new SpecMutation(example, "a list instead of an object", "[1, 2, 3]"u8.ToArray(), Expectation.Refused, "$");
        var name = text.IndexOf("\"name\"", StringComparison.Ordinal);
        var quote = text.IndexOf('"', text.IndexOf(':', name) + 1) + 1;
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] })
        {
            var at = Encoding.UTF8.GetByteCount(text[..quote]);
            yield return new SpecMutation(example, $"invalid UTF-8 ({Convert.ToHexString(bad)}) in the name", [.. utf8[..at], .. bad, .. utf8[at..]], Expectation.Refused, "$");
        }
        foreach (var depth in new[] { 66, 1_000, 100_000 })
        {
            var nested = string.Concat(Enumerable.Repeat("[", depth)) + string.Concat(Enumerable.Repeat("]", depth));
            var deep = text[..(text.LastIndexOf('}'))] + ", \"deep\": " + nested + "}";
            yield return new SpecMutation(example, $"lists nested {depth.ToString("N0", CultureInfo.InvariantCulture)} deep", Encoding.UTF8.GetBytes(deep), Expectation.Refused, "$");
        }
        yield return new SpecMutation(example, "two specs one after the other", Encoding.UTF8.GetBytes(text + text), Expectation.Refused, "$");
        yield return new SpecMutation(example, "a duplicated field", Encoding.UTF8.GetBytes(text[..text.LastIndexOf('}')] + ", \"name\": \"again\"}"), Expectation.Refused, "$");
    }

    private static IEnumerable<(string Path, JsonNode Node)> Walk(JsonNode node, string path)
    {
        yield return (path, node);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, child) in obj)
                    if (child is not null)
                        foreach (var x in Walk(child, $"{path}.{key}")) yield return x;
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                    if (array[i] is { } child)
                        foreach (var x in Walk(child, $"{path}[{i}]")) yield return x;
                break;
        }
    }

    private static SpecMutation Replace(string example, JsonNode root, string path, string what, JsonNode? value, Expectation expectation) =>
        Mutate(example, root, Parent(path), $"{path}: {what}", n => Set(n!, Last(path), value), expectation, path);

    /// <summary>Writes <paramref name="literal"/> verbatim (not valid JSON for NaN): the node becomes a marker, then text.</summary>
    private static SpecMutation Raw(string example, JsonNode root, string path, string what, string literal, Expectation expectation, string? messagePath = null)
    {
        const string Marker = "\"__raw_literal__\"";
        var copy = root.DeepClone();
        Set(Find(copy, Parent(path)), Last(path), JsonValue.Create("__raw_literal__"));
        var text = copy.ToJsonString().Replace(Marker, literal, StringComparison.Ordinal);
        return new SpecMutation(example, $"{path}: {what}", Encoding.UTF8.GetBytes(text), expectation, messagePath ?? path);
    }

    private static SpecMutation Mutate(string example, JsonNode root, string path, string what, Action<JsonNode?> change, Expectation expectation, string messagePath)
    {
        var copy = root.DeepClone();
        change(Find(copy, path));
        return new SpecMutation(example, what, Encoding.UTF8.GetBytes(copy.ToJsonString()), expectation, messagePath);
    }

    private static void Set(JsonNode parent, string last, JsonNode? value)
    {
        if (last.StartsWith('[')) parent.AsArray()[int.Parse(last[1..^1], CultureInfo.InvariantCulture)] = value;
        else parent.AsObject()[last] = value;
    }

    private static JsonNode Find(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in Parts(path)) node = part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1], CultureInfo.InvariantCulture)]! : node.AsObject()[part]!;
        return node;
    }

    private static IEnumerable<string> Parts(string path)
    {
        var rest = path[1..];
        while (rest.Length > 0)
        {
            var end = rest.IndexOfAny(['.', '['], 1);
            var part = end < 0 ? rest : rest[..end];
            yield return part.TrimStart('.');
            rest = end < 0 ? "" : rest[end..];
        }
    }

    private static string Parent(string path) => path[..Math.Max(1, path.LastIndexOfAny(['.', '[']))];

    private static string Last(string path)
    {
        var at = path.LastIndexOfAny(['.', '[']);
        return path[at] == '.' ? path[(at + 1)..] : path[at..];
    }
}
