namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads the LR range test, alone or followed by a grid around its suggestion.</summary>
internal static class LrFinderReader
{
    public static SearchSpec? Read(SpecObject o, bool thenGrid)
    {
        var (min, max) = SearchReader.Range(o, 1e-7, 10);
        var steps = o.Int("steps", 100, 2, SpecLimits.MaxLrFinderSteps);
        var mode = o.Enum("mode", RampMode.Exponential, "a ramp mode");
        var smoothing = o.Double("smoothing", 0.98, Must.Within(0, 1, lowOpen: false, highOpen: true));
        var divergenceThreshold = o.Double("divergenceThreshold", 4, Must.Above(1));
        if (!thenGrid)
        {
            return min is null || max is null || steps is null || mode is null || smoothing is null || divergenceThreshold is null
                ? null
                : new LrFinderSearchSpec(min.Value, max.Value, steps.Value, mode.Value, smoothing.Value, divergenceThreshold.Value);
        }
        var pointsPerRefinement = o.Int("pointsPerRefinement", 5, 2, SpecLimits.MaxTrialsPerArm);
        var span = o.Double("span", 10, Must.Above(1));
        if (min is null || max is null || steps is null || mode is null || smoothing is null || divergenceThreshold is null
            || pointsPerRefinement is null || span is null) return null;
        return new LrFinderThenGridSearchSpec(
            min.Value, max.Value, steps.Value, mode.Value, smoothing.Value, divergenceThreshold.Value, pointsPerRefinement.Value, span.Value);
    }
}
