namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads synthetic data, resolving the train/validation split (80/20 of the samples unless given).</summary>
internal static class SyntheticReader
{
    public static SyntheticDataSpec? Read(SpecObject o)
    {
        var task = o.Enum("task", SyntheticTask.LinearRegression, "a synthetic task");
        var samples = o.Int("samples", 1000, 2, SpecLimits.MaxSyntheticSamples);
        var features = o.Int("features", 10, 1, SpecLimits.MaxSyntheticFeatures);
        var noise = o.Double("noise", 0.1, Must.NonNegative);
        var seed = o.Int("seed", 0, int.MinValue);
        var hasTrain = o.Has("trainSize");
        var hasValidation = o.Has("validationSize");
        var train = o.OptionalInt("trainSize", 1, SpecLimits.MaxSyntheticSamples);
        var validation = o.OptionalInt("validationSize", 0, SpecLimits.MaxSyntheticSamples);
        if (task is null || samples is not { } n || features is null || noise is null || seed is null
            || hasTrain && train is null || hasValidation && validation is null) return null;

        // Checked arithmetically: nothing is generated before a run needs the rows.
        var bytes = SpecLimits.DatasetBytes(n, features.Value);
        if (bytes > SpecLimits.MaxDatasetBytes)
        {
            o.Problems.Add(o.Path, $"samples × features is {ValueText.Count(n)} × {ValueText.Count(features.Value)}: {bytes >> 20:N0} MB in memory " +
                                   $"(4 bytes a value, and a label a row), more than the {SpecLimits.MaxDatasetBytes >> 20:N0} MB a data set may take");
            return null;
        }

        // A side left out takes the rest of the samples; with neither given, 80/20 with at least one row on each side.
        var defaultTrain = Math.Clamp((int)Math.Round(n * 0.8), 1, n - 1);
        var t = train ?? (validation is { } given ? n - given : defaultTrain);
        var v = validation ?? n - t;
        if (t < 1 || v < 0 || (long)t + v > n)
        {
            var named = (hasTrain ? $"trainSize {train} " : "") + (hasTrain && hasValidation ? "+ " : "") + (hasValidation ? $"validationSize {validation} " : "");
            o.Problems.Add(o.Path, $"{named}does not fit in {ValueText.Count(n)} samples (trainSize ≥ 1 and trainSize + validationSize ≤ samples)");
            return null;
        }
        return new SyntheticDataSpec(task.Value, n, features.Value, noise.Value, seed.Value, t, v);
    }
}
