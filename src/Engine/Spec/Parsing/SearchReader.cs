namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>search</c> (docs/spec.md search), its arms included.</summary>
internal static class SearchReader
{
    public static readonly string[] Kinds = ["none", "grid", "coarse-to-fine", "lr-finder", "lr-finder-then-grid", "random", "tpe"];

    private const int MaxRefinements = 1000;

    public static SearchDraft Read(SpecObject? o, ArmDraft baseArm, ReadContext ctx)
    {
        if (o is null) return new SearchDraft(new NoSearchSpec { Metric = ctx.DefaultMetric }, false, []);
        var kind = o.Kind("kind", Kinds, "a search kind", fallback: "none");
        if (kind is null) return new SearchDraft(null, false, []);
        o.What = $"the {kind} search";
        SearchSpec? search = kind switch
        {
            "none" => new NoSearchSpec(),
            "grid" => GridReader.Read(o),
            "coarse-to-fine" => CoarseToFine(o),
            "random" or "tpe" => Sampled(o, kind),
            _ => LrFinderReader.Read(o, thenGrid: kind == "lr-finder-then-grid"),
        };
        var (parameters, parametersOk) = Parameters(o, kind);
        var hasRepeats = o.Has("repeats");
        var repeats = o.Int("repeats", 1, 1, SpecLimits.MaxRepeats);
        var metricGiven = o.Has("metric");
        var metric = o.Enum("metric", ctx.DefaultMetric, "a metric");
        var hasConcurrency = o.Has("concurrency");
        var concurrency = o.OptionalInt("concurrency", 1);
        var hasEarlyStopping = o.Has("earlyStopping");
        var earlyStopping = o.Object("earlyStopping", "early stopping") is { } e ? EarlyStoppingReader.Read(e) : null;
        var arms = Arms(o, kind, baseArm, ctx);
        o.RejectUnknown();
        if (search is null || !parametersOk || repeats is null || metric is null || hasConcurrency && concurrency is null
            || hasEarlyStopping && earlyStopping is null || arms is null || !WithinRunLimit(o, search, parameters, repeats.Value, hasRepeats))
            return new SearchDraft(null, metricGiven, arms ?? []);
        search = search with
        {
            Metric = metric.Value,
            Concurrency = concurrency,
            EarlyStoppingRule = earlyStopping,
            Parameters = parameters,
            Repeats = repeats.Value,
        };
        return new SearchDraft(search, metricGiven, arms);
    }

    /// <summary>
    /// <c>parameters</c>: required by random and tpe, optional for grid (which then searches them instead of η alone),
    /// refused by the searches over η alone.
    /// </summary>
    private static (IReadOnlyList<SearchParameter>? Parameters, bool Ok) Parameters(SpecObject o, string kind)
    {
        if (kind is "random" or "tpe")
            return o.Required("parameters") is null ? (null, false) : ParametersReader.Read(o, kind) is { } sampled ? (sampled, true) : (null, false);
        if (kind == "grid")
            return !o.Has("parameters") ? (null, true) : ParametersReader.Read(o, kind) is { } grid ? (grid, true) : (null, false);
        return (null, !o.Refuse("parameters",
            $"is not allowed with the {kind} search, which searches η alone (the other fields are fixed by the spec or by the arm); " +
            "search other parameters with the random, tpe or grid search"));
    }

    /// <summary>Arms compare η searches; a search over parameters has its dimensions instead.</summary>
    private static IReadOnlyList<ArmDraft>? Arms(SpecObject o, string kind, ArmDraft baseArm, ReadContext ctx)
    {
        if (kind is "random" or "tpe" || kind == "grid" && o.Has("parameters"))
        {
            return o.Refuse("arms",
                $"is not allowed with search.parameters ({(kind == "grid" ? "a grid over parameters" : $"the {kind} search")}): each arm searches η alone, " +
                "with grid (learningRates or min and max), coarse-to-fine, lr-finder or lr-finder-then-grid; search what the arms differ in as parameters instead, " +
                "e.g. \"optimizer.kind\"") ? null : [];
        }
        return o.Field("arms") is { } a ? ArmsReader.Read(a, o.At("arms"), baseArm, ctx) : [];
    }

    private static SearchSpec? Sampled(SpecObject o, string kind)
    {
        var trials = o.RequiredInt("trials", 1, SpecLimits.MaxSearchRuns);
        var seed = o.Int("seed", 0, 0);
        if (trials is null || seed is null) return null;
        return kind == "random" ? new RandomSearchSpec(trials.Value, seed.Value) : new TpeSearchSpec(trials.Value, seed.Value);
    }

    /// <summary>A search over parameters trains its configurations × repeats runs: at most <see cref="SpecLimits.MaxSearchRuns"/>.</summary>
    private static bool WithinRunLimit(SpecObject o, SearchSpec search, IReadOnlyList<SearchParameter>? parameters, int repeats, bool repeatsGiven)
    {
        if (parameters is null) return true;
        var configurations = search switch
        {
            RandomSearchSpec r => r.Trials,
            TpeSearchSpec t => t.Trials,
            _ => Search.Spaces.ParameterGrid.Count(parameters),
        };
        var runs = configurations * repeats;
        if (runs <= SpecLimits.MaxSearchRuns) return true;
        var what = search is GridSearchSpec ? "grid combinations" : "trials";
        o.Problems.Add(o.At(repeatsGiven ? "repeats" : "trials"),
            $"{ValueText.Count((long)configurations)} {what} × {repeats} repeats is {ValueText.Count((long)runs)} runs, more than the limit of {ValueText.Count(SpecLimits.MaxSearchRuns)}");
        return false;
    }

    /// <summary>Reports a plan of more trials than <see cref="SpecLimits.MaxTrialsPerArm"/>; true when within it.</summary>
    public static bool WithinTrialLimit(SpecObject o, string field, double trials, string what)
    {
        if (trials <= SpecLimits.MaxTrialsPerArm) return true;
        var count = trials < 1e15 ? ValueText.Count((long)trials) : ValueText.Number(trials);
        o.Problems.Add(o.At(field), $"{what} of {count} trials is more than the limit of {ValueText.Count(SpecLimits.MaxTrialsPerArm)} per arm");
        return false;
    }

    /// <summary>min and max of a learning-rate range, checked together: 0 &lt; min &lt; max.</summary>
    public static (double? Min, double? Max) Range(SpecObject o, double defaultMin, double defaultMax)
    {
        var min = o.Double("min", defaultMin, Must.Positive);
        var max = o.Double("max", defaultMax, Must.Positive);
        if (min is null || max is null || max > min) return (min, max);
        o.Problems.Add(o.At("max"), $"{ValueText.Number(max.Value)} is not allowed; must be > min ({ValueText.Number(min.Value)})");
        return (null, null);
    }

    private static CoarseToFineSearchSpec? CoarseToFine(SpecObject o)
    {
        var (min, max) = Range(o, 1e-5, 10);
        var pointsPerDecade = o.Double("pointsPerDecade", 1, Must.Positive);
        var refinements = o.Int("refinements", 2, 0, MaxRefinements);
        var pointsPerRefinement = o.Int("pointsPerRefinement", 5, 2, SpecLimits.MaxTrialsPerArm);
        if (min is null || max is null || pointsPerDecade is null || refinements is null || pointsPerRefinement is null) return null;
        var coarse = SpecLimits.LogGridPoints(min.Value, max.Value, pointsPerDecade.Value);
        if (!WithinTrialLimit(o, "pointsPerDecade", coarse, "a coarse grid")
            || !WithinTrialLimit(o, "refinements", coarse + (double)refinements.Value * pointsPerRefinement.Value, "a coarse grid and its refinements")) return null;
        return new CoarseToFineSearchSpec(min.Value, max.Value, pointsPerDecade.Value, refinements.Value, pointsPerRefinement.Value);
    }
}
