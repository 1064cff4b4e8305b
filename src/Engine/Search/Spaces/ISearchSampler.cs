namespace SweepCluster.Engine.Search.Spaces;

/// <summary>
/// Proposes configurations in a <see cref="SearchSpace"/>. A proposal is a pure function of the sampler's seed, the
/// trial's index and the observations in the order given, so a coordinator restored from its log proposes the same
/// next points. Implementations keep no state between calls.
/// </summary>
public interface ISearchSampler
{
    SearchSpace Space { get; }

    /// <summary>
    /// The configuration for trial <paramref name="trialIndex"/> (0, 1, … over the whole search), given every earlier
    /// proposal's observation, in proposal order, in-flight ones included.
    /// </summary>
    SearchPoint Propose(int trialIndex, IReadOnlyList<TrialObservation> observations);
}
