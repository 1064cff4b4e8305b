using System.Text.Json;

namespace SweepCluster.Engine.Trainers;

/// <summary>Recognises a worker's end-of-trial line, <c>{"done": true}</c> or <c>{"done": true, "failed": "why"}</c>.</summary>
internal static class WorkerDone
{
    public static bool TryRead(JsonElement line, out string? failure)
    {
        failure = null;
        if (!line.TryGetProperty("done", out var done) || done.ValueKind != JsonValueKind.True) return false;
        if (line.TryGetProperty("failed", out var failed) && failed.ValueKind is not (JsonValueKind.Null or JsonValueKind.False))
        {
            failure = failed.ValueKind == JsonValueKind.String ? failed.GetString() : failed.GetRawText();
            if (string.IsNullOrWhiteSpace(failure)) failure = "the worker reported a failure without a reason";
        }
        return true;
    }
}
