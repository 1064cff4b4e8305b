namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>search.earlyStopping</c>: ASHA's rungs or Optuna's median rule.</summary>
internal static class EarlyStoppingReader
{
    public static readonly string[] Kinds = ["asha", "median"];

    public static EarlyStoppingSpec? Read(SpecObject o)
    {
        var kind = o.Kind("kind", Kinds, "an early-stopping kind");
        if (kind is null) return null;
        o.What = $"{kind} early stopping";
        EarlyStoppingSpec? rule = kind == "asha" ? Asha(o) : Median(o);
        o.RejectUnknown();
        return rule;
    }

    private static AshaSpec? Asha(SpecObject o)
    {
        var reductionFactor = o.Double("reductionFactor", 3, Must.Above(1));
        var minEpochs = o.Int("minEpochs", 1, 1, SpecLimits.MaxEpochs);
        return reductionFactor is null || minEpochs is null ? null : new AshaSpec(reductionFactor.Value, minEpochs.Value);
    }

    private static MedianStoppingSpec? Median(SpecObject o)
    {
        var warmupEpochs = o.Int("warmupEpochs", 1, 0, SpecLimits.MaxEpochs);
        var minTrials = o.Int("minTrials", 5, 1, SpecLimits.MaxSearchRuns);
        return warmupEpochs is null || minTrials is null ? null : new MedianStoppingSpec(warmupEpochs.Value, minTrials.Value);
    }
}
