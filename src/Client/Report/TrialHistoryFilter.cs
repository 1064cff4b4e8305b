using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// Reads the trials of a Sweep result file one at a time, keeping the history only of those <c>keep</c> names by their
/// place in <c>$.trials</c>: the serializer buffers one trial for a converter of its own, never the whole array, and a
/// history dropped here is garbage as soon as its trial is read. One instance serves one read: it counts the trials.
/// </summary>
/// <param name="skipOthers">Skip the trials not kept, read as null, instead of reading them without their history.</param>
internal sealed class TrialHistoryFilter(Func<int, bool> keep, bool skipOthers) : JsonConverter<Trial>
{
    private int _next;

    /// <summary>Options that read with this filter: <see cref="SpecJson.Options"/>, with which `run --out` writes results.</summary>
    public JsonSerializerOptions Options()
    {
        var options = new JsonSerializerOptions(SpecJson.Options);
        options.Converters.Add(this);
        return options;
    }

    // Null trials are counted too, so that each trial's place is its index in the file.
    public override bool HandleNull => true;

    public override Trial? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var at = _next++;
        if (reader.TokenType == JsonTokenType.Null) return null;
        var kept = keep(at);
        if (!kept && skipOthers)
        {
            // Skip refuses a reader of part of the file; the serializer has buffered this whole trial, so TrySkip does it.
            if (!reader.TrySkip()) throw new JsonException($"$.trials[{at}]: cut short.");
            return null;
        }
        Trial? trial;
        try
        {
            // The options without this filter: the trial as any result reader reads it.
            trial = JsonSerializer.Deserialize<Trial>(ref reader, SpecJson.Options);
        }
        catch (JsonException e)
        {
            throw new JsonException($"$.trials[{at}]: {e.Message}", e);
        }
        return kept || trial is null ? trial : trial with { History = null };
    }

    public override void Write(Utf8JsonWriter writer, Trial value, JsonSerializerOptions options) =>
        throw new NotSupportedException("a filter for reading results; results are written with SpecJson.Options");
}
