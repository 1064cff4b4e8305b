using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// Checks the searched parameters against the spec's own field rules, without a second copy of them: each bound and value
/// is written at the parameter's path into a copy of the spec, the copy is read like any spec, and whatever the value
/// broke (a problem the unchanged copy does not have) is reported at that bound, naming the parameter and the value.
/// Pairs of parameters are then tried together at their extremes, so that rules between two fields (baseLr below maxLr,
/// nesterov with momentum) hold at every point of the space, not only at each bound alone.
/// </summary>
internal sealed class ParameterProbe
{
    /// <summary>Enough for every pair of the largest realistic space; past it the remaining pairs go untried.</summary>
    private const int MaxPairProbes = 5_000;

    private static readonly JsonDocumentOptions CopyOptions = new() { MaxDepth = SpecLimits.MaxDepth * 2 };

    private readonly JsonObject _spec;
    private readonly ReadContext _ctx;
    private readonly HashSet<SpecProblem> _baseline;

    private ParameterProbe(JsonElement root, ReadContext ctx)
    {
        _ctx = ctx;
        _spec = JsonNode.Parse(root.GetRawText(), documentOptions: CopyOptions)!.AsObject();
        // Sections left out stand for their defaults; written out, a parameter's path into them exists.
        if (_spec["schedule"] is null) _spec["schedule"] = new JsonObject { ["kind"] = "constant" };
        if (_spec["training"] is null) _spec["training"] = new JsonObject();
        // The copies keep each parameter's name (η searched or not changes what the spec must give) but not its bodies,
        // which can hold thousands of values that every copy would otherwise read again.
        if (_spec["search"]?["parameters"] is JsonObject written)
            foreach (var name in written.Select(p => p.Key).ToList())
                written[name] = new JsonObject { ["values"] = new JsonArray(0) };
        _baseline = [.. Read(_spec).Problems];
    }

    public static void Check(JsonElement root, IReadOnlyList<SearchParameter> parameters, ReadContext ctx)
    {
        if (!root.TryGetProperty("search", out var search) || !search.TryGetProperty("parameters", out var written)) return;
        var probe = new ParameterProbe(root, ctx);
        var passed = new List<(SearchParameter Parameter, string Path, IReadOnlyList<Candidate> Extremes)>();
        foreach (var parameter in parameters)
        {
            var path = JsonPath.Child("$.search.parameters", parameter.Name);
            if (written.TryGetProperty(parameter.Name, out var body) && probe.CheckOne(parameter, body, path) is { } extremes)
                passed.Add((parameter, path, extremes));
        }
        var budget = MaxPairProbes;
        for (var i = 0; i < passed.Count; i++)
            for (var j = i + 1; j < passed.Count && budget > 0; j++)
                budget = probe.CheckPair(passed[i].Parameter, passed[i].Extremes, passed[j].Parameter, passed[j].Path, passed[j].Extremes, budget);
    }

    /// <summary>One value as tried: where it is written in the spec's search, as the user wrote it, and as it is set.</summary>
    private sealed record Candidate(string Path, string Text, JsonNode Value, double? Number);

    /// <summary>Reports what is wrong with one parameter; its extremes when nothing is.</summary>
    private IReadOnlyList<Candidate>? CheckOne(SearchParameter parameter, JsonElement body, string path)
    {
        var name = parameter.Name;
        var target = ParameterPaths.Target(name);
        var targetPath = ParameterPaths.JsonPathOf(name);
        var problems = _ctx.Problems;
        if (Existing(target) is JsonObject or JsonArray)
        {
            problems.Add(path, $"{name} is {(Existing(target) is JsonObject ? "an object" : "a list")} in the spec; a parameter sets one number or string");
            return null;
        }
        if (target[0] == "trainer" && Existing(["trainer"]) is null)
        {
            problems.Add(path, $"the spec has no trainer section; {name} sets an environment value of a trainer's program");
            return null;
        }
        var candidates = Candidates(parameter, body, path);
        var first = Probe((target, candidates[0]));
        if (first.Blocked is { } blocked)
        {
            problems.Add(path, $"the spec has no {name}: {blocked}");
            return null;
        }
        // Looked for among all of the copy's problems: a field the spec itself wrongly sets is no field a parameter can set either.
        if (first.All.FirstOrDefault(p => first.Unknown.Contains(p.Path) && Covers(p.Path, targetPath)) is { } unknown)
        {
            problems.Add(path, $"the spec has no {name}: {unknown}");
            return null;
        }
        var ok = true;
        foreach (var candidate in candidates)
        {
            var tried = ReferenceEquals(candidate, candidates[0]) ? first : Probe((target, candidate));
            foreach (var problem in tried.Problems)
            {
                problems.Add(candidate.Path, Describe(candidate.Text, name, targetPath, problem));
                ok = false;
            }
        }
        if (ok && Interior(parameter) is { } inside)
        {
            var node = Node(name, inside);
            var candidate = new Candidate(path, node.ToJsonString(), node, inside);
            foreach (var problem in Probe((target, candidate)).Problems)
            {
                double min = parameter.Min ?? 0, max = parameter.Max ?? 0;
                var hint = min == Math.Floor(min) && max == Math.Floor(max) ? "add \"integer\": true, or give values" : "narrow it, or give values";
                problems.Add(path, $"{Describe(candidate.Text, name, targetPath, problem)}; the range from {ValueText.Number(min)} " +
                                   $"to {ValueText.Number(max)} holds such values: {hint}");
                ok = false;
            }
        }
        return ok ? Extremes(candidates) : null;
    }

    /// <summary>Tries two parameters together at their extremes; reports the first combination that fails. Returns the budget left.</summary>
    private int CheckPair(SearchParameter a, IReadOnlyList<Candidate> aExtremes, SearchParameter b, string bPath, IReadOnlyList<Candidate> bExtremes, int budget)
    {
        var (aTarget, bTarget) = (ParameterPaths.Target(a.Name), ParameterPaths.Target(b.Name));
        foreach (var x in aExtremes)
        {
            foreach (var y in bExtremes)
            {
                if (budget-- <= 0) return 0;
                if (Probe((aTarget, x), (bTarget, y)).Problems.FirstOrDefault() is not { } problem) continue;
                _ctx.Problems.Add(bPath, $"{y.Text} for {b.Name} together with {x.Text} for {a.Name} is not allowed: {problem}");
                return budget;
            }
        }
        return budget;
    }

    /// <summary>
    /// The problem as the parameter's: "1.5 is not allowed for optimizer.momentum; must be in [0, 1)" when it is the
    /// field's own, with the field's path when the value broke another field.
    /// </summary>
    private static string Describe(string text, string name, string targetPath, SpecProblem problem)
    {
        var message = problem.Message;
        if (problem.Path != targetPath) return $"{text} is not allowed for {name}: {problem}";
        var notAllowed = text + " is not allowed";
        if (message.StartsWith(notAllowed, StringComparison.Ordinal)) return $"{notAllowed} for {name}{message[notAllowed.Length..]}";
        var isPrefix = text + " is ";
        if (message.StartsWith(isPrefix, StringComparison.Ordinal)) return $"{notAllowed} for {name}: it is {message[isPrefix.Length..]}";
        return $"{notAllowed} for {name}: {message}";
    }

    private static bool Covers(string unknownPath, string targetPath) =>
        targetPath == unknownPath || targetPath.StartsWith(unknownPath + ".", StringComparison.Ordinal) || targetPath.StartsWith(unknownPath + "[", StringComparison.Ordinal);

    private static List<Candidate> Candidates(SearchParameter parameter, JsonElement body, string path)
    {
        if (parameter.IsRange)
        {
            return
            [
                Written(parameter.Name, body.GetProperty("min"), JsonPath.Child(path, "min")),
                Written(parameter.Name, body.GetProperty("max"), JsonPath.Child(path, "max")),
            ];
        }
        var values = JsonPath.Child(path, "values");
        return body.GetProperty("values").EnumerateArray().Select((item, i) => Written(parameter.Name, item, JsonPath.Index(values, i))).ToList();
    }

    private static Candidate Written(string name, JsonElement value, string path)
    {
        double? number = value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
        // Written as the user wrote it, so that the spec's own message quotes the same text.
        var node = number is { } n && ParameterPaths.IsText(name) ? Node(name, n) : JsonNode.Parse(value.GetRawText())!;
        return new Candidate(path, ValueText.Raw(value), node, number);
    }

    /// <summary>A number as the field takes it: as written for numeric fields, as its text for environment values.</summary>
    private static JsonNode Node(string name, double number) =>
        ParameterPaths.IsText(name) ? JsonValue.Create(ParameterValue.Of(number).ToString()) : JsonValue.Create(number);

    /// <summary>The candidates that bound the parameter: a range's ends; a list's smallest and largest number and every string.</summary>
    private static IReadOnlyList<Candidate> Extremes(IReadOnlyList<Candidate> candidates)
    {
        var numbers = candidates.Where(c => c.Number is not null).OrderBy(c => c.Number).ToList();
        var ends = numbers.Count > 1 ? [numbers[0], numbers[^1]] : numbers;
        return [.. ends, .. candidates.Where(c => c.Number is null)];
    }

    /// <summary>A fractional value strictly inside a real range (fields that take whole numbers refuse it); null when there is none.</summary>
    private static double? Interior(SearchParameter p)
    {
        if (!p.IsRange || p.Integer || p.Min is not { } min || p.Max is not { } max || !(min < max)) return null;
        var inside = p.Log && min > 0 ? Math.Sqrt(min) * Math.Sqrt(max) : min + (max - min) / 2;
        // A whole midpoint moves by a half, so that the value shown in a message stays readable.
        if (inside == Math.Floor(inside)) inside += inside + 0.5 < max ? 0.5 : -0.5;
        return inside > min && inside < max && inside != Math.Floor(inside) ? inside : null;
    }

    private JsonNode? Existing(string[] target)
    {
        JsonNode? node = _spec;
        foreach (var part in target)
        {
            if (node is not JsonObject o) return null;
            node = o[part];
        }
        return node;
    }

    /// <summary>What a copy broke (<see cref="Problems"/>), all of its problems, the fields it has not, or why the values could not be set.</summary>
    private sealed record Outcome(IReadOnlyList<SpecProblem> Problems, IReadOnlyList<SpecProblem> All, IReadOnlySet<string> Unknown, string? Blocked);

    /// <summary>The problems a copy of the spec with these values has and the unchanged one does not.</summary>
    private Outcome Probe(params (string[] Target, Candidate Candidate)[] assignments)
    {
        var copy = (JsonObject)_spec.DeepClone();
        foreach (var (target, candidate) in assignments)
            if (Set(copy, target, candidate.Value.DeepClone()) is { } blocked) return new Outcome([], [], new HashSet<string>(), blocked);
        var (problems, unknown) = Read(copy);
        return new Outcome(problems.Where(p => !_baseline.Contains(p)).ToList(), problems, unknown, null);
    }

    private (IReadOnlyList<SpecProblem> Problems, IReadOnlySet<string> Unknown) Read(JsonObject spec)
    {
        var ctx = new ReadContext(_ctx.BaseDirectory, _ctx.DefaultName, null, _ctx.DataRoot) { Probing = true };
        using var document = JsonDocument.Parse(spec.ToJsonString(), CopyOptions);
        SpecReader.Read(document.RootElement, ctx);
        return (ctx.Problems.ToList(), ctx.Problems.UnknownFields);
    }

    /// <summary>Sets the field, creating the objects on the way; why it cannot when a part on the way is no object.</summary>
    private static string? Set(JsonObject spec, string[] target, JsonNode value)
    {
        var node = spec;
        for (var i = 0; i < target.Length - 1; i++)
        {
            var child = node[target[i]];
            if (child is null) node[target[i]] = child = new JsonObject();
            if (child is not JsonObject next)
                return $"{string.Join('.', target[..(i + 1)])} is {(child is JsonArray ? "a list" : "a single value")}, not an object with fields";
            node = next;
        }
        node[target[^1]] = value;
        return null;
    }
}
