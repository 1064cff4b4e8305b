using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A spec as a coordinator stores it (its trials are sent their resolved arms, never the spec): the JSON
/// <see cref="SpecJson"/> wrote for a spec that was valid when submitted. Parsing checks that its data files exist; a sweep whose CSV was deleted since must still
/// restore and answer (its trials fail when they load the data), so such a spec is read back as it was written.
/// </summary>
public static class StoredSpec
{
    /// <summary>
    /// A submitted spec and its stored form. Its data paths must lie under the silo's data root (a spec must not read the
    /// silo host's other files), and a command trainer must be one the silo trusts.
    /// </summary>
    /// <exception cref="ArgumentException">What is wrong with the spec, as the user is told it.</exception>
    public static (SweepSpec Spec, string Json) Submitted(string specJson, Hosting.SweepSiloOptions silo)
    {
        ArgumentNullException.ThrowIfNull(specJson);
        ArgumentNullException.ThrowIfNull(silo);
        SweepSpec spec;
        try
        {
            spec = SpecParser.Parse(specJson, dataRoot: silo.DataRoot);
        }
        catch (InputException e)
        {
            // No parameter name: its "(Parameter ...)" suffix would end the user's message.
            throw new ArgumentException($"the spec has problems:{Environment.NewLine}{e.Message}");
        }
        if (TrainerTrust.Refusal(spec, silo) is { } refusal) throw new ArgumentException(refusal);
        return (spec, JsonSerializer.Serialize(spec, SpecJson.Options));
    }

    /// <summary>What a refinement of <paramref name="parent"/> inherits of its result.</summary>
    /// <exception cref="InvalidOperationException">The parent cannot be refined so, as the user is told it.</exception>
    public static SweepInheritance Inheritance(SweepResult parent, int? refinements, int? points)
    {
        ArgumentNullException.ThrowIfNull(parent);
        try
        {
            return SweepInheritance.From(parent, refinements, points);
        }
        catch (InputException e)
        {
            throw new InvalidOperationException(e.Message);
        }
    }

    /// <exception cref="InputException">The JSON is not a valid spec, nor a spec exactly as <see cref="SpecJson"/> writes one.</exception>
    public static SweepSpec Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return SpecParser.Parse(json);
        }
        catch (InputException)
        {
            if (AsWritten(json) is { } spec) return spec;
            throw;
        }
    }

    /// <summary>The spec whose JSON is exactly <paramref name="json"/>; null for any other text.</summary>
    private static SweepSpec? AsWritten(string json)
    {
        try
        {
            var spec = JsonSerializer.Deserialize<SweepSpec>(json, SpecJson.Options);
            return spec is not null && JsonSerializer.Serialize(spec, SpecJson.Options) == json ? spec : null;
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            return null;
        }
    }
}
