using System.Text;
using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// A part of a spec in one line for people: its kind, then the fields that are set ("sgd: momentum 0.9, nesterov
/// true"). Fields at 0 or false are left out: they are the defaults that switch a feature off, and listing them buries
/// what was chosen. Written from the part's own JSON, so a new field shows up without a change here.
/// </summary>
internal static class SpecSummary
{
    public static string Of(OptimizerSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options), "learningRate");

    // The step clock is the default: only an epoch clock is worth saying.
    public static string Of(ScheduleSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options), part.Unit == ScheduleUnit.Step ? ["unit"] : []);

    public static string Of(SearchSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options), "arms", "metric");

    public static string Of(ModelSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options));

    public static string Of(DataSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options), "source");

    public static string Of(TrainingSpec part) => Describe(JsonSerializer.SerializeToElement(part, SpecJson.Options));

    private static string Describe(JsonElement part, params string[] leftOut)
    {
        var text = new StringBuilder();
        var kind = part.TryGetProperty("kind", out var k) ? k.GetString()
            : part.TryGetProperty("source", out var s) ? s.GetString() : null;
        var fields = Fields(part, ["kind", "source", .. leftOut]);
        text.Append(kind);
        if (kind is not null && fields.Length > 0) text.Append(": ");
        return text.Append(fields).ToString();
    }

    private static string Fields(JsonElement part, string[] leftOut) => string.Join(", ", part.EnumerateObject()
        .Where(p => !leftOut.Contains(p.Name) && !IsOff(p.Value))
        .Select(p => $"{p.Name} {Value(p.Value)}"));

    private static string Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "(" + Fields(value, ["kind"]) + ")",
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => ReportText.Exact(value.GetDouble()),
        JsonValueKind.Array => "[" + string.Join(", ", value.EnumerateArray().Select(Value)) + "]",
        _ => value.GetRawText(),
    };

    private static bool IsOff(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.False => true,
        JsonValueKind.Number => value.GetDouble() == 0,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        _ => false,
    };
}
