namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>schedule</c> (docs/spec.md schedule) with the PyTorch schedulers' defaults and checks.</summary>
internal static class ScheduleReader
{
    public static readonly string[] Kinds =
    [
        "constant", "step", "multistep", "exponential", "inverse-time", "cosine", "cosine-restarts",
        "cyclic", "one-cycle", "reduce-on-plateau", "armijo", "smoothness",
    ];

    private static readonly Rule Fraction = Must.Open(0, 1);

    public static ScheduleSpec? Read(SpecObject o, Metric defaultMetric)
    {
        var kind = o.Kind("kind", Kinds, "a schedule kind");
        if (kind is null) return null;
        o.What = $"the {kind} schedule";
        var unit = o.Enum("unit", ScheduleUnit.Step, "a schedule unit");
        var hasWarmup = o.Has("warmup");
        var warmup = o.Object("warmup", "the warmup") is { } w ? Warmup(w) : null;
        ScheduleSpec? schedule = kind switch
        {
            "constant" => new ConstantScheduleSpec(),
            "step" => Step(o),
            "multistep" => MultiStep(o),
            "exponential" => o.RequiredDouble("gamma", Must.Positive) is { } gamma ? new ExponentialScheduleSpec(gamma) : null,
            "inverse-time" => o.RequiredDouble("decay", Must.NonNegative) is { } decay ? new InverseTimeScheduleSpec(decay) : null,
            "cosine" => Cosine(o),
            "cosine-restarts" => CosineRestarts(o),
            "cyclic" => CyclicReader.Read(o),
            "one-cycle" => CyclicReader.ReadOneCycle(o),
            "reduce-on-plateau" => Plateau(o, defaultMetric),
            "armijo" => Armijo(o),
            _ => o.Enum("rule", SmoothnessRule.InverseL, "a smoothness rule") is { } rule ? new SmoothnessScheduleSpec(rule) : null,
        };
        o.RejectUnknown();
        if (schedule is null || unit is null || hasWarmup && warmup is null) return null;
        return schedule with { Unit = unit.Value, Warmup = warmup };
    }

    private static WarmupSpec? Warmup(SpecObject o)
    {
        // 0 steps is no warmup, so that a search can try warmups from none upward.
        var steps = o.RequiredInt("steps", 0);
        var startFactor = o.Double("startFactor", 1.0 / 3.0, Must.Within(0, 1, lowOpen: true, highOpen: false));
        o.RejectUnknown();
        return steps is null || startFactor is null ? null : new WarmupSpec(steps.Value, startFactor.Value);
    }

    private static StepScheduleSpec? Step(SpecObject o)
    {
        var stepSize = o.RequiredInt("stepSize", 1);
        var gamma = o.Double("gamma", 0.1, Must.Positive);
        return stepSize is null || gamma is null ? null : new StepScheduleSpec(stepSize.Value, gamma.Value);
    }

    private static MultiStepScheduleSpec? MultiStep(SpecObject o)
    {
        var milestones = o.Ints("milestones", 0, int.MaxValue, required: true);
        var gamma = o.Double("gamma", 0.1, Must.Positive);
        if (milestones is null || gamma is null) return null;
        for (var i = 1; i < milestones.Length; i++)
        {
            if (milestones[i] > milestones[i - 1]) continue;
            o.Problems.Add(JsonPath.Index(o.At("milestones"), i),
                $"{milestones[i]} is not allowed; milestones must be strictly increasing (the one before is {milestones[i - 1]})");
            return null;
        }
        return new MultiStepScheduleSpec(milestones, gamma.Value);
    }

    private static CosineScheduleSpec? Cosine(SpecObject o)
    {
        var tMax = o.RequiredInt("tMax", 1);
        var etaMin = o.Double("etaMin", 0, Must.NonNegative);
        return tMax is null || etaMin is null ? null : new CosineScheduleSpec(tMax.Value, etaMin.Value);
    }

    private static CosineRestartsScheduleSpec? CosineRestarts(SpecObject o)
    {
        var t0 = o.RequiredInt("t0", 1);
        var tMult = o.Int("tMult", 1, 1);
        var etaMin = o.Double("etaMin", 0, Must.NonNegative);
        return t0 is null || tMult is null || etaMin is null ? null : new CosineRestartsScheduleSpec(t0.Value, tMult.Value, etaMin.Value);
    }

    private static ReduceOnPlateauScheduleSpec? Plateau(SpecObject o, Metric defaultMetric)
    {
        var factor = o.Double("factor", 0.1, Fraction);
        var patience = o.Int("patience", 10, 0);
        var threshold = o.Double("threshold", 1e-4, Must.NonNegative);
        var metric = o.Enum("metric", defaultMetric, "a metric");
        return factor is null || patience is null || threshold is null || metric is null
            ? null
            : new ReduceOnPlateauScheduleSpec(factor.Value, patience.Value, threshold.Value, metric.Value);
    }

    private static ArmijoScheduleSpec? Armijo(SpecObject o)
    {
        var c = o.Double("c", 1e-4, Fraction);
        var shrink = o.Double("shrink", 0.5, Fraction);
        // Past ~1,100 halvings a double step is zero; a larger limit only means a longer wait for the same answer.
        var maxBacktracks = o.Int("maxBacktracks", 30, 1, 10_000);
        var grow = o.Double("grow", 2.0, Must.AtLeast(1));
        return c is null || shrink is null || maxBacktracks is null || grow is null
            ? null
            : new ArmijoScheduleSpec(c.Value, shrink.Value, maxBacktracks.Value, grow.Value);
    }
}
