using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>Writes a null batch size as "full", the contract's spelling of full-batch training.</summary>
public sealed class BatchSizeJsonConverter : JsonConverter<int?>
{
    public override bool HandleNull => true;

    public override int? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? reader.GetInt32() : null;

    public override void Write(Utf8JsonWriter writer, int? value, JsonSerializerOptions options)
    {
        if (value is int rows) writer.WriteNumberValue(rows);
        else writer.WriteStringValue("full");
    }
}
