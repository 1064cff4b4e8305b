using System.Text.Json;

namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>training</c> (docs/spec.md training) on top of a baseline: the defaults, or the base section for an arm.</summary>
internal static class TrainingReader
{
    private const string FullBatch = "full";

    public static TrainingSpec? Read(SpecObject o, TrainingSpec baseline)
    {
        var epochs = o.Int("epochs", baseline.Epochs, 1, SpecLimits.MaxEpochs);
        var hasBatchSize = o.Field("batchSize") is not null;
        var batchSize = o.Field("batchSize") is { } e ? BatchSize(e, o.At("batchSize"), o.Problems) : null;
        var seed = o.Int("seed", baseline.Seed, 0);
        var hasMaxSteps = o.Has("maxSteps");
        var maxSteps = hasMaxSteps ? o.OptionalLong("maxSteps", 1) : baseline.MaxSteps;
        var hasHistoryEvery = o.Has("historyEvery");
        var historyEvery = hasHistoryEvery ? o.OptionalInt("historyEvery", 1) : baseline.HistoryEvery;
        var divergenceFactor = o.Double("divergenceFactor", baseline.DivergenceFactor, Must.Above(1));
        o.RejectUnknown();
        if (epochs is null || hasBatchSize && batchSize is null || seed is null || hasMaxSteps && maxSteps is null
            || hasHistoryEvery && historyEvery is null || divergenceFactor is null) return null;
        return new TrainingSpec(
            epochs.Value,
            hasBatchSize ? batchSize!.Value.Rows : baseline.BatchSize,
            seed.Value,
            maxSteps,
            historyEvery,
            divergenceFactor.Value);
    }

    /// <summary>An integer ≥ 1, or "full" (stored as null rows).</summary>
    private static Batch? BatchSize(JsonElement e, string path, Problems problems)
    {
        if (e.ValueKind == JsonValueKind.Number)
            return JsonValues.Int(e, path, 1, int.MaxValue, problems) is { } rows ? new Batch(rows) : null;
        if (e.ValueKind == JsonValueKind.String && JsonValues.String(e, path, problems) is { } text)
        {
            if (text == FullBatch) return new Batch(null);
            problems.Add(path, $"{ValueText.Quote(text)} is not allowed; give an integer ≥ 1 or \"full\"{Suggest.Hint(text, [FullBatch])}");
            return null;
        }
        if (e.ValueKind != JsonValueKind.String)
            problems.Add(path, $"expected an integer ≥ 1 or \"full\", found {ValueText.Found(e)}");
        return null;
    }

    // "full" is a real answer whose rows are null, so the parse result needs its own wrapper to tell it from failure.
    private readonly record struct Batch(int? Rows);
}
