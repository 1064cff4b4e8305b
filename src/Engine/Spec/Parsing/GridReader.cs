namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads a grid search: an explicit list of rates, a log grid from min to max, or (read by the search) parameters.</summary>
internal static class GridReader
{
    public static GridSearchSpec? Read(SpecObject o)
    {
        var hasList = o.Has("learningRates");
        var hasRange = o.Has("min") | o.Has("max") | o.Has("pointsPerDecade");
        if (o.Has("parameters"))
        {
            // The parameters (read by the search) are the grid; η is one of them, "learningRate", or fixed by the optimizer.
            if (!hasList && !hasRange) return new GridSearchSpec();
            o.Problems.Add(o.At(hasList ? "learningRates" : "min"),
                "give either parameters or learningRates / min and max, not both; search η among the parameters as \"learningRate\"");
            return null;
        }
        if (hasList && hasRange)
        {
            o.Problems.Add(o.At("learningRates"), "give either learningRates or min and max (with pointsPerDecade), not both");
            return null;
        }
        if (hasList)
        {
            var rates = o.Doubles("learningRates", Must.Positive, required: true);
            return rates is not null && SearchReader.WithinTrialLimit(o, "learningRates", rates.Length, "a grid")
                ? new GridSearchSpec(LearningRates: rates)
                : null;
        }
        if (!hasRange)
        {
            o.Problems.Add(o.Path, "the grid search needs learningRates (a list of rates), min and max (a log grid), or parameters (a grid over several fields)");
            return null;
        }
        var min = o.RequiredDouble("min", Must.Positive);
        var max = o.RequiredDouble("max", Must.Positive);
        var pointsPerDecade = o.Double("pointsPerDecade", 1, Must.Positive);
        if (min is null || max is null || pointsPerDecade is null) return null;
        if (max <= min)
        {
            o.Problems.Add(o.At("max"), $"{ValueText.Number(max.Value)} is not allowed; must be > min ({ValueText.Number(min.Value)})");
            return null;
        }
        return SearchReader.WithinTrialLimit(o, "pointsPerDecade", SpecLimits.LogGridPoints(min.Value, max.Value, pointsPerDecade.Value), "a grid")
            ? new GridSearchSpec(null, min, max, pointsPerDecade)
            : null;
    }
}
