using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Results;

/// <summary>An enum value as the spec and result JSON spell it (docs/spec.md, docs/results.md) ("validationLoss", "too-small"), from its converter.</summary>
public static class ContractNames
{
    public static string Of<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, SpecJson.Options).Trim('"');
}
