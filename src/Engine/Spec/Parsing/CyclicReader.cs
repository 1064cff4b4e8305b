namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads the two cyclical schedules, CyclicLR and OneCycleLR (both with cycle_momentum=False).</summary>
internal static class CyclicReader
{
    public static CyclicScheduleSpec? Read(SpecObject o)
    {
        var baseLr = o.RequiredDouble("baseLr", Must.Positive);
        var maxLr = o.OptionalDouble("maxLr", Must.Positive);
        var stepSizeUp = o.Int("stepSizeUp", 2000, 1);
        var stepSizeDown = o.OptionalInt("stepSizeDown", 1);
        var mode = o.Enum("mode", CyclicMode.Triangular, "a cyclic mode");
        var gamma = o.Double("gamma", 1.0, Must.Positive);
        if (baseLr is null || o.Has("maxLr") && maxLr is null || stepSizeUp is null || o.Has("stepSizeDown") && stepSizeDown is null
            || mode is null || gamma is null) return null;
        if (maxLr <= baseLr)
        {
            o.Problems.Add(o.At("maxLr"), $"{ValueText.Number(maxLr.Value)} is not allowed; must be > baseLr ({ValueText.Number(baseLr.Value)})");
            return null;
        }
        return new CyclicScheduleSpec(baseLr.Value, maxLr, stepSizeUp.Value, stepSizeDown, mode.Value, gamma.Value);
    }

    public static OneCycleScheduleSpec? ReadOneCycle(SpecObject o)
    {
        var maxLr = o.OptionalDouble("maxLr", Must.Positive);
        var totalSteps = o.OptionalInt("totalSteps", 2);
        var pctStart = o.Double("pctStart", 0.3, Must.Open(0, 1));
        var anneal = o.Enum("anneal", AnnealStrategy.Cos, "an anneal strategy");
        var divFactor = o.Double("divFactor", 25, Must.Positive);
        var finalDivFactor = o.Double("finalDivFactor", 1e4, Must.Positive);
        if (o.Has("maxLr") && maxLr is null || o.Has("totalSteps") && totalSteps is null || pctStart is null || anneal is null
            || divFactor is null || finalDivFactor is null) return null;
        return new OneCycleScheduleSpec(maxLr, totalSteps, pctStart.Value, anneal.Value, divFactor.Value, finalDivFactor.Value);
    }
}
