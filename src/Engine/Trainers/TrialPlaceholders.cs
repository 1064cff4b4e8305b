using System.Globalization;
using System.Text.Json;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Resolves placeholders against a trial's JSON (<see cref="TrialContext.ToJson"/>): top-level names such as
/// <c>learningRate</c>, <c>trialId</c> or <c>armName</c>, and dotted paths into its objects such as
/// <c>optimizer.momentum</c>, <c>training.batchSize</c>, <c>schedule.warmup.steps</c> or <c>parameters.optimizer.momentum</c>
/// (a parameter's own name holds dots, so at each object the longest matching name wins).
/// Numbers are written invariant and round-trip; true/false as such; objects and arrays as compact JSON.
/// </summary>
public sealed class TrialPlaceholders : IPlaceholderResolver
{
    private readonly JsonElement _root;

    public TrialPlaceholders(TrialContext trial, string? checkpointDir = null) : this(JsonDocument.Parse(trial.ToJson(checkpointDir)).RootElement) { }

    public TrialPlaceholders(JsonElement root) => _root = root;

    public string? Resolve(string path)
    {
        if (path.Length == 0) return null;
        var found = Find(_root, path.Split('.'));
        return found is { } value ? Text(value) : null;
    }

    private static JsonElement? Find(JsonElement current, ReadOnlySpan<string> segments)
    {
        if (segments.Length == 0) return current;
        if (current.ValueKind != JsonValueKind.Object) return null;
        for (int take = segments.Length; take >= 1; take--)
        {
            string name = string.Join('.', segments[..take].ToArray());
            if (current.TryGetProperty(name, out var child) && Find(child, segments[take..]) is { } found) return found;
        }
        return null;
    }

    /// <summary>The text a JSON value stands for in a command line; null for JSON null.</summary>
    public static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out long whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => value.GetRawText(),
        _ => null,
    };
}
