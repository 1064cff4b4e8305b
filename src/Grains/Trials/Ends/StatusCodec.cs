using SweepCluster.Engine.Results;

namespace SweepCluster.Grains.Trials.Ends;

// The Engine's result enums as Orleans carries them on their own: by number, as inside the other surrogates.

[GenerateSerializer, Immutable, Alias("result.TrialStatus")]
public readonly record struct TrialStatusSurrogate(int Value);

[RegisterConverter]
public sealed class TrialStatusConverter : IConverter<TrialStatus, TrialStatusSurrogate>
{
    public TrialStatus ConvertFromSurrogate(in TrialStatusSurrogate s) => (TrialStatus)s.Value;
    public TrialStatusSurrogate ConvertToSurrogate(in TrialStatus v) => new((int)v);
}

[GenerateSerializer, Immutable, Alias("result.Verdict")]
public readonly record struct VerdictSurrogate(int Value);

[RegisterConverter]
public sealed class VerdictConverter : IConverter<Verdict, VerdictSurrogate>
{
    public Verdict ConvertFromSurrogate(in VerdictSurrogate s) => (Verdict)s.Value;
    public VerdictSurrogate ConvertToSurrogate(in Verdict v) => new((int)v);
}
