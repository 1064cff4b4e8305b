using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// How specs (and the results that embed them) are written: camelCase, enums by their contract names, nulls left
/// out, indented. What it writes reads back through <see cref="SpecParser"/> to an equal spec.
/// </summary>
public static class SpecJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = true,
            // Results go to files and terminals, not HTML: keep "2/(L+mu)" readable.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            // A diverged run's last step loss is NaN or ∞; write it rather than fail the whole result.
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Results read back by other tools may have been edited by hand, with "kind" not first.
            AllowOutOfOrderMetadataProperties = true,
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitNoArms, OmitProgramParts } },
        };
        options.MakeReadOnly();
        return options;
    }

    // The parser refuses "arms": [] (an empty list is a mistake there), so a spec without arms is written without them;
    // "repeats": 1 is the default, left out so that specs of searches without repeats are written as before.
    private static void OmitNoArms(JsonTypeInfo info)
    {
        if (!typeof(SearchSpec).IsAssignableFrom(info.Type)) return;
        foreach (var property in info.Properties)
        {
            if (property.Name == "arms")
                property.ShouldSerialize = (_, value) => value is IReadOnlyList<ArmSpec> { Count: > 0 };
            else if (property.Name == "repeats")
                property.ShouldSerialize = (_, value) => value is not 1;
        }
    }

    // A command trainer's program brings its own data and model, and the parser refuses both sections with it.
    private static void OmitProgramParts(JsonTypeInfo info)
    {
        if (info.Type != typeof(SweepSpec) && info.Type != typeof(ArmSpec)) return;
        foreach (var property in info.Properties)
        {
            if (property.Name == "model") property.ShouldSerialize = (_, value) => value is not ProgramModelSpec;
            else if (property.Name == "data" && info.Type == typeof(SweepSpec)) property.ShouldSerialize = (spec, _) => ((SweepSpec)spec).Trainer is null;
        }
    }
}
