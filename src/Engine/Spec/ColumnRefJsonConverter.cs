using System.Text.Json;
using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>Writes a <see cref="ColumnRef"/> back as the string or number the user gave.</summary>
public sealed class ColumnRefJsonConverter : JsonConverter<ColumnRef>
{
    public override ColumnRef Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number ? new ColumnRef(null, reader.GetInt32()) : new ColumnRef(reader.GetString(), null);

    public override void Write(Utf8JsonWriter writer, ColumnRef value, JsonSerializerOptions options)
    {
        if (value.Index is int index) writer.WriteNumberValue(index);
        else writer.WriteStringValue(value.Name);
    }
}
