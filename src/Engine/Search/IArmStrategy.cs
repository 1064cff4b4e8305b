using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>What an arm's strategy may look at when it plans the next stage: everything the finished stages learnt.</summary>
internal interface IArmProgress
{
    /// <summary>Every rate the arm has run, ascending.</summary>
    IReadOnlyList<double> RunRates { get; }

    /// <summary>The rate of the arm's best trial so far by the sweep's metric; null before any trial finished.</summary>
    double? BestRate { get; }

    /// <summary>The arm's range test, once it finished; null before, or when it failed.</summary>
    LrFinderResult? RangeTest { get; }
}

/// <summary>The rates (or range test) a stage runs. A range test's stage has no rates and starts its ramp at <see cref="RangeTestStart"/>.</summary>
internal sealed record StagePlan(StageKind Kind, double[] LearningRates, double RangeTestStart = 0);

/// <summary>
/// One search kind's plan for one arm, stage by stage: a pure function of what the finished stages learnt, so a
/// replayed search plans the same stages.
/// </summary>
internal interface IArmStrategy
{
    /// <summary>Stage <paramref name="stage"/> (all earlier ones finished), or null when the arm's search is done.</summary>
    StagePlan? Plan(int stage, IArmProgress progress);
}
