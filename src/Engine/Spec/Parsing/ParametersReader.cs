using System.Text.Json;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Reads the shape of <c>search.parameters</c>: each name is one <see cref="ParameterPaths"/> allows, each body a range
/// (min ≤ max; log needs min &gt; 0; integer needs whole bounds) or a non-empty list of distinct numbers or strings; in a
/// grid, a range also says its points. Whether the spec's fields allow the values is <see cref="ParameterProbe"/>'s part.
/// </summary>
internal static class ParametersReader
{
    private const double MaxWhole = 1L << 53;

    /// <summary>The parameters in the order written, or null after problems (every parameter is still read).</summary>
    public static IReadOnlyList<SearchParameter>? Read(SpecObject search, string kind)
    {
        if (search.Object("parameters", "search.parameters") is not { } o) return null;
        var problems = o.Problems;
        var entries = o.Entries().ToList();
        if (entries.Count == 0)
        {
            problems.Add(o.Path, "the object is empty; give at least one parameter, e.g. \"learningRate\": { \"min\": 1e-4, \"max\": 1, \"log\": true }");
            return null;
        }
        if (entries.Count > SpecLimits.MaxSearchParameters)
        {
            problems.Add(o.Path, $"{entries.Count} parameters is more than the limit of {SpecLimits.MaxSearchParameters}");
            return null;
        }
        var parameters = new List<SearchParameter>();
        var ok = true;
        foreach (var (name, value) in entries)
        {
            if (ParameterPaths.Problem(name) is { } problem)
            {
                problems.Add(o.At(name), problem);
                ok = false;
            }
            else if (SpecObject.From(value, o.At(name), $"the parameter {name}", problems) is { } body && ReadOne(body, name, kind) is { } parameter)
                parameters.Add(parameter);
            else ok = false;
        }
        if (!ok) return null;
        if (kind == "grid" && ParameterGrid.Count(parameters) is var combinations && combinations > SpecLimits.MaxSearchRuns)
        {
            var counts = string.Join(" × ", parameters.Select(p => ValueText.Number(ParameterGrid.Count(p))));
            problems.Add(o.Path, $"the grid has {Combinations(combinations)} combinations ({counts}), more than the limit of {ValueText.Count(SpecLimits.MaxSearchRuns)}");
            return null;
        }
        return parameters;
    }

    private static string Combinations(double count) => count < 1e15 ? ValueText.Count((long)count) : ValueText.Number(count);

    private static SearchParameter? ReadOne(SpecObject o, string name, string kind)
    {
        var hasValues = o.Has("values");
        var hasRange = o.Has("min") | o.Has("max");
        if (hasValues && hasRange)
        {
            o.Problems.Add(o.At("values"), "give either values (a list) or min and max (a range), not both");
            return null;
        }
        if (hasValues)
        {
            var values = Values(o);
            foreach (var field in new[] { "log", "integer", "points", "pointsPerDecade" })
                o.Refuse(field, "applies to a range (min and max), not to a list of values");
            o.RejectUnknown();
            return values is null ? null : new SearchParameter(name, Values: values);
        }
        if (!hasRange)
        {
            o.Problems.Add(o.Path, "needs min and max (a range) or values (a list)");
            return null;
        }
        return Range(o, name, kind);
    }

    private static SearchParameter? Range(SpecObject o, string name, string kind)
    {
        var min = o.RequiredDouble("min", Must.Anything);
        var max = o.RequiredDouble("max", Must.Anything);
        var log = o.Bool("log", false);
        var integer = o.Bool("integer", false);
        var (points, perDecade, gridOk) = (default(int?), default(double?), true);
        if (kind != "grid")
        {
            foreach (var field in new[] { "points", "pointsPerDecade" })
                o.Refuse(field, $"is only for grid searches; the {kind} search samples the whole range");
        }
        else if (log == true)
        {
            o.What = "a log range in a grid search";
            perDecade = o.RequiredDouble("pointsPerDecade", Must.Positive);
            gridOk = perDecade is not null;
            o.Refuse("points", "is for a linear range; a log range in a grid takes pointsPerDecade");
        }
        else if (log == false)
        {
            o.What = "a linear range in a grid search (or give values)";
            // An integer range without points is every whole number in it.
            points = integer == true ? o.OptionalInt("points", 2, SpecLimits.MaxSearchRuns) : o.RequiredInt("points", 2, SpecLimits.MaxSearchRuns);
            gridOk = points is not null || integer == true && !o.Has("points");
            o.Refuse("pointsPerDecade", "is for a log range (\"log\": true); a linear range in a grid takes points");
        }
        o.RejectUnknown();
        if (min is null || max is null || log is null || integer is null || !gridOk) return null;
        if (max < min)
        {
            o.Problems.Add(o.At("max"), $"{ValueText.Number(max.Value)} is not allowed; must be ≥ min ({ValueText.Number(min.Value)})");
            return null;
        }
        var ok = true;
        if (integer.Value)
        {
            foreach (var (field, value) in new[] { ("min", min.Value), ("max", max.Value) })
            {
                if (value == Math.Floor(value) && Math.Abs(value) <= MaxWhole) continue;
                o.Problems.Add(o.At(field), $"{ValueText.Number(value)} is not allowed with \"integer\": true; must be a whole number (at most 2^53 in size)");
                ok = false;
            }
        }
        if (log.Value && (integer.Value ? min < 1 : min <= 0))
        {
            o.Problems.Add(o.At("min"), $"{ValueText.Number(min.Value)} is not allowed with \"log\": true; must be {(integer.Value ? "≥ 1" : "> 0")}");
            ok = false;
        }
        return ok ? new SearchParameter(name, min, max, log.Value, integer.Value, null, points, perDecade) : null;
    }

    /// <summary>A non-empty list of distinct finite numbers and non-empty strings.</summary>
    private static ParameterValue[]? Values(SpecObject o)
    {
        var path = o.At("values");
        var e = o.Field("values")!.Value;
        var problems = o.Problems;
        if (e.ValueKind != JsonValueKind.Array)
        {
            problems.Add(path, $"expected a list of numbers or strings, found {ValueText.Found(e)}");
            return null;
        }
        var count = e.GetArrayLength();
        if (count == 0)
        {
            problems.Add(path, "the list is empty; give at least one value");
            return null;
        }
        if (count > SpecLimits.MaxParameterValues)
        {
            problems.Add(path, $"{ValueText.Count(count)} values is more than the limit of {ValueText.Count(SpecLimits.MaxParameterValues)}");
            return null;
        }
        var values = new ParameterValue[count];
        var seen = new Dictionary<ParameterValue, int>();
        var ok = true;
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var at = JsonPath.Index(path, i);
            ParameterValue? value = item.ValueKind switch
            {
                JsonValueKind.Number => JsonValues.Double(item, at, Must.Anything, problems) is { } number ? ParameterValue.Of(number) : null,
                JsonValueKind.String => Text(item, at, problems),
                _ => Fail(problems, at, $"expected a number or a string, found {ValueText.Found(item)}"),
            };
            if (value is not { } v) ok = false;
            else if (seen.TryGetValue(v, out var first))
            {
                problems.Add(at, $"{ValueText.Raw(item)} is already values[{first}]; list each value once");
                ok = false;
            }
            else
            {
                seen[v] = i;
                values[i] = v;
            }
            i++;
        }
        return ok ? values : null;
    }

    private static ParameterValue? Text(JsonElement e, string path, Problems problems)
    {
        if (JsonValues.String(e, path, problems) is not { } text) return null;
        if (text.Trim().Length > 0) return ParameterValue.Of(text);
        problems.Add(path, "must not be empty");
        return null;
    }

    private static ParameterValue? Fail(Problems problems, string path, string message)
    {
        problems.Add(path, message);
        return null;
    }
}
