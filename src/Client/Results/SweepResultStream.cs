using System.Buffers;
using System.Text;
using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Results;

/// <summary>
/// Writes a sweep's Sweep result JSON (docs/results.md) trial by trial as <see cref="SweepResultReader"/> reads it, byte for
/// byte what the coordinator's whole <c>GetResult</c> would have been (the same fields, order and
/// <see cref="SpecJson.Options"/> formatting), then a line break, as `run` has always written it. Memory holds a batch
/// of trials and about a megabyte of output, not the result: 10,000 trials with histories are gigabytes of JSON.
/// </summary>
public static class SweepResultStream
{
    // Output is handed on in pieces of about this size; a trial with a long history alone can be larger.
    private const int FlushAt = 1 << 20;

    private static readonly string TrialsProperty = JsonNamingPolicy.CamelCase.ConvertName(nameof(SweepResult.Trials));

    private static readonly byte[] LineBreak = Encoding.UTF8.GetBytes(Environment.NewLine);

    /// <summary>The serializer's own formatting, so that what this writer writes and what it serializes into it agree.</summary>
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = SpecJson.Options.Encoder,
        Indented = SpecJson.Options.WriteIndented,
        IndentCharacter = SpecJson.Options.IndentCharacter,
        IndentSize = SpecJson.Options.IndentSize,
        NewLine = SpecJson.Options.NewLine,
        MaxDepth = SpecJson.Options.MaxDepth,
    };

    /// <param name="observe">Called with each trial as it is written (a summary tallies them), or null.</param>
    public static async Task WriteJsonAsync(
        SweepResultReader source, bool includeHistories, Stream destination, CancellationToken cancel = default, Action<Trial>? observe = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        using var header = JsonDocument.Parse(source.Header.Json);
        var buffer = new ArrayBufferWriter<byte>(FlushAt);
        await using var json = new Utf8JsonWriter(buffer, WriterOptions);
        json.WriteStartObject();
        // The header's own members, in the header's order; its empty trials are replaced by the trials, one at a time.
        foreach (var member in header.RootElement.EnumerateObject())
        {
            if (member.Name != TrialsProperty)
            {
                member.WriteTo(json);
                continue;
            }
            json.WritePropertyName(member.Name);
            json.WriteStartArray();
            await foreach (var trial in source.TrialsAsync(includeHistories, cancel))
            {
                JsonSerializer.Serialize(json, trial, SpecJson.Options);
                observe?.Invoke(trial);
                if (buffer.WrittenCount >= FlushAt) await FlushAsync(json, buffer, destination, cancel);
            }
            json.WriteEndArray();
        }
        json.WriteEndObject();
        await FlushAsync(json, buffer, destination, cancel);
        await destination.WriteAsync(LineBreak, cancel);
        await destination.FlushAsync(cancel);
    }

    private static async Task FlushAsync(Utf8JsonWriter json, ArrayBufferWriter<byte> buffer, Stream destination, CancellationToken cancel)
    {
        json.Flush();
        await destination.WriteAsync(buffer.WrittenMemory, cancel);
        // The writer asks the buffer for new memory after a flush, so reusing it from the start is safe.
        buffer.ResetWrittenCount();
    }
}
