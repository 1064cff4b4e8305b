namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>search</c> (docs/spec.md search), its arms included.</summary>
internal static class SearchReader
{
    public static readonly string[] Kinds = ["none", "grid", "coarse-to-fine", "lr-finder", "lr-finder-then-grid"];

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
            _ => LrFinderReader.Read(o, thenGrid: kind == "lr-finder-then-grid"),
        };
        var metricGiven = o.Has("metric");
        var metric = o.Enum("metric", ctx.DefaultMetric, "a metric");
        var hasConcurrency = o.Has("concurrency");
        var concurrency = o.OptionalInt("concurrency", 1);
        var hasEarlyStopping = o.Has("earlyStopping");
        var earlyStopping = o.Object("earlyStopping", "early stopping") is { } e ? Asha(e) : null;
        var arms = o.Field("arms") is { } a ? ArmsReader.Read(a, o.At("arms"), baseArm, ctx) : [];
        o.RejectUnknown();
        if (search is null || metric is null || hasConcurrency && concurrency is null || hasEarlyStopping && earlyStopping is null || arms is null)
            return new SearchDraft(null, metricGiven, arms ?? []);
        return new SearchDraft(search with { Metric = metric.Value, Concurrency = concurrency, EarlyStopping = earlyStopping }, metricGiven, arms);
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

    private static AshaSpec? Asha(SpecObject o)
    {
        if (o.Kind("kind", ["asha"], "an early-stopping kind") is null) return null;
        o.What = "asha early stopping";
        var reductionFactor = o.Double("reductionFactor", 3, Must.Above(1));
        var minEpochs = o.Int("minEpochs", 1, 1, SpecLimits.MaxEpochs);
        o.RejectUnknown();
        return reductionFactor is null || minEpochs is null ? null : new AshaSpec(reductionFactor.Value, minEpochs.Value);
    }
}
