using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Search.Spaces;

/// <summary>A <see cref="ParameterValue"/> in JSON is what it stands for: a number or a string.</summary>
public sealed class ParameterValueJsonConverter : JsonConverter<ParameterValue>
{
    public override ParameterValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number => ParameterValue.Of(reader.GetDouble()),
        JsonTokenType.String => ParameterValue.Of(reader.GetString()!),
        _ => throw new JsonException($"A parameter value is a number or a string, not {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, ParameterValue value, JsonSerializerOptions options)
    {
        if (value.IsText) writer.WriteStringValue(value.Text);
        else if (double.IsFinite(value.Number)) writer.WriteNumberValue(value.Number);
        // JSON has no NaN or infinity; a written spec or trial never holds one, but a hand-made value must not fail the write.
        else writer.WriteStringValue(value.ToString());
    }
}
