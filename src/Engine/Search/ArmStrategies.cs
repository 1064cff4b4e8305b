using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>The strategy a search spec asks for, for one arm.</summary>
internal static class ArmStrategies
{
    public static IArmStrategy For(SearchSpec search, ArmSpec arm) => search switch
    {
        NoSearchSpec => new FixedGridStrategy([arm.FixedLearningRate() ?? throw new ArgumentException($"arm {arm.Name} has no learningRate, which search none needs.", nameof(arm))]),
        GridSearchSpec { LearningRates: { } list } => new FixedGridStrategy(LogGrid.Distinct(list, LogGrid.ListTolerance)),
        GridSearchSpec g => new FixedGridStrategy(LogGrid.PerDecade(
            g.Min ?? throw new ArgumentException("a grid needs learningRates or min", nameof(search)),
            g.Max ?? throw new ArgumentException("a grid needs learningRates or max", nameof(search)),
            g.PointsPerDecade ?? 1)),
        CoarseToFineSearchSpec c => new CoarseToFineStrategy(c),
        LrFinderSearchSpec => new LrFinderStrategy(LrRangeTestSettings.From(search)!),
        LrFinderThenGridSearchSpec t => new LrFinderStrategy(LrRangeTestSettings.From(search)!, t.PointsPerRefinement, t.Span),
        _ => throw new ArgumentException($"Unknown search {search.GetType().Name}.", nameof(search)),
    };
}
