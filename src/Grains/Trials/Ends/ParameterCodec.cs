using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Grains.Trials.Ends;

/// <summary>One searched value as Orleans carries it on its own: a number, or a text when <see cref="Text"/> is set.</summary>
[GenerateSerializer, Immutable, Alias("result.ParameterValue")]
public readonly record struct ParameterValueSurrogate(double Number, string? Text);

[RegisterConverter]
public sealed class ParameterValueConverter : IConverter<ParameterValue, ParameterValueSurrogate>
{
    public ParameterValue ConvertFromSurrogate(in ParameterValueSurrogate s) => s.Text is null ? ParameterValue.Of(s.Number) : ParameterValue.Of(s.Text);
    public ParameterValueSurrogate ConvertToSurrogate(in ParameterValue v) => new(v.Number, v.Text);
}
