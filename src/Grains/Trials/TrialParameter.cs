using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Grains.Trials;

/// <summary>One searched parameter's value as a trial start and the sweep's log store it: a number, or a text when <see cref="Text"/> is set.</summary>
[GenerateSerializer, Immutable, Alias("sweep.TrialParameter")]
public sealed record TrialParameter(string Name, double Number, string? Text)
{
    public ParameterValue Value => Text is null ? ParameterValue.Of(Number) : ParameterValue.Of(Text);

    /// <summary>The stored form of a configuration, in its order; null for none.</summary>
    public static TrialParameter[]? Of(IReadOnlyDictionary<string, ParameterValue>? values) =>
        values is null ? null : [.. values.Select(p => new TrialParameter(p.Key, p.Value.Number, p.Value.Text))];

    /// <summary>The configuration stored as <paramref name="parameters"/>; null for none.</summary>
    public static IReadOnlyDictionary<string, ParameterValue>? ToValues(IReadOnlyList<TrialParameter>? parameters) =>
        parameters?.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
}
