using System.Text.Json;
using System.Text.Json.Serialization;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// Writes <c>search.parameters</c> as the spec spells it, an object from each parameter's name to its range or values,
/// in the order of the list, and reads it back (the parser has checked it; this only restores a written spec).
/// </summary>
public sealed class SearchParametersJsonConverter : JsonConverter<IReadOnlyList<SearchParameter>>
{
    public override IReadOnlyList<SearchParameter> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("search.parameters must be an object.");
        var parameters = new List<SearchParameter>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString() ?? throw new JsonException("A search parameter needs a name.");
            reader.Read();
            parameters.Add(ReadOne(ref reader, name, options));
        }
        return parameters;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SearchParameter> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var p in value)
        {
            writer.WritePropertyName(p.Name);
            writer.WriteStartObject();
            if (p.Values is { } values)
            {
                writer.WritePropertyName("values");
                JsonSerializer.Serialize(writer, values, options);
            }
            if (p.Min is { } min) writer.WriteNumber("min", min);
            if (p.Max is { } max) writer.WriteNumber("max", max);
            if (p.Log) writer.WriteBoolean("log", true);
            if (p.Integer) writer.WriteBoolean("integer", true);
            if (p.Points is { } points) writer.WriteNumber("points", points);
            if (p.PointsPerDecade is { } perDecade) writer.WriteNumber("pointsPerDecade", perDecade);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static SearchParameter ReadOne(ref Utf8JsonReader reader, string name, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException($"search.parameters[\"{name}\"] must be an object.");
        var p = new SearchParameter(name);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var field = reader.GetString();
            reader.Read();
            p = field switch
            {
                "values" => p with { Values = JsonSerializer.Deserialize<ParameterValue[]>(ref reader, options) },
                "min" => p with { Min = reader.GetDouble() },
                "max" => p with { Max = reader.GetDouble() },
                "log" => p with { Log = reader.GetBoolean() },
                "integer" => p with { Integer = reader.GetBoolean() },
                "points" => p with { Points = reader.GetInt32() },
                "pointsPerDecade" => p with { PointsPerDecade = reader.GetDouble() },
                _ => Skip(ref reader, p),
            };
        }
        return p;
    }

    private static SearchParameter Skip(ref Utf8JsonReader reader, SearchParameter p)
    {
        reader.Skip();
        return p;
    }
}
