using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The spec and arm one trial trains: the search's parameters set at their paths (<see cref="SpecParameters"/>) and the
/// seed moved on by the repeat. What a trial runs is this and its η, on every host and for every kind of trainer.
/// </summary>
public static class TrialConfiguration
{
    /// <summary>
    /// The spec with <paramref name="parameters"/> applied and training.seed + <paramref name="repeat"/>, and its arm
    /// <paramref name="arm"/> (whose seed moves on too).
    /// </summary>
    public static (SweepSpec Spec, ArmSpec Arm) Resolve(SweepSpec spec, int arm, IReadOnlyDictionary<string, ParameterValue>? parameters, int repeat)
    {
        ArgumentNullException.ThrowIfNull(spec);
        // The values go through the spec's JSON form; the search, which no parameter sets, stays out of it (its lists may be long).
        if (parameters is { Count: > 0 })
            spec = SpecParameters.Apply(spec with { Search = new NoSearchSpec { Arms = spec.Search.Arms } }, parameters) with { Search = spec.Search };
        if (repeat != 0) spec = spec with { Training = Reseeded(spec.Training, repeat) };
        var resolved = spec.ResolvedArms()[arm];
        if (repeat != 0 && spec.Search.Arms.Count > 0) resolved = resolved with { Training = Reseeded(resolved.Training, repeat) };
        return (spec, resolved);
    }

    /// <summary>The values a trial ran with, <c>learningRate</c> always among them; null for a search over η alone.</summary>
    public static IReadOnlyDictionary<string, ParameterValue>? Reported(TrialRequest request, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Reported(request.Parameters, learningRate);
    }

    /// <summary>A configuration's values with <c>learningRate</c> set to the η the trial ran at; null for null.</summary>
    public static IReadOnlyDictionary<string, ParameterValue>? Reported(IReadOnlyDictionary<string, ParameterValue>? parameters, double learningRate)
    {
        if (parameters is null) return null;
        var values = new Dictionary<string, ParameterValue>(parameters.Count + 1, StringComparer.Ordinal)
        {
            [SearchParameter.LearningRate] = ParameterValue.Of(learningRate),
        };
        foreach (var (name, value) in parameters) if (name != SearchParameter.LearningRate) values[name] = value;
        return values;
    }

    private static TrainingSpec Reseeded(TrainingSpec training, int repeat) => training with { Seed = unchecked(training.Seed + repeat) };
}
