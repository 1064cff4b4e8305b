using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Search;

/// <summary>
/// What a refinement sweep (`sweep refine`) takes over from its parent: the parent's finished training runs, reused
/// instead of rerun, and how far to refine around each arm's best rate. Each outcome's key is the parent's full trial
/// id ("s-parent/0/1/3"), which is also its trial id in the child's result; its stage is the child's stage 0.
/// </summary>
/// <param name="Refinements">Refinement stages to run after the inherited ones (at least 1).</param>
/// <param name="PointsPerRefinement">Rates per refinement stage (at least 1).</param>
public sealed record SweepInheritance(string ParentSweepId, int Refinements, int PointsPerRefinement, IReadOnlyList<TrialOutcome> Outcomes)
{
    /// <summary>True for the key of an inherited run: a full trial id, where a sweep's own keys are "{arm}/{stage}/{index}".</summary>
    public static bool IsInherited(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.AsSpan().Count('/') > 2;
    }

    /// <summary>
    /// The inheritance of a refinement of <paramref name="parent"/>: its completed, diverged and stopped trials (failed
    /// and cancelled ones taught nothing), refined <paramref name="refinements"/> times with <paramref name="points"/>
    /// rates each; left out, both are the parent's coarse-to-fine values, or coarse-to-fine's defaults for a grid.
    /// </summary>
    /// <exception cref="InputException">The numbers are below 1, or the parent cannot be refined (still running, no finished trial, not a grid or coarse-to-fine search).</exception>
    public static SweepInheritance From(SweepResult parent, int? refinements = null, int? points = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        if (refinements is < 1) throw new InputException($"refinements: {refinements} is not allowed; must be an integer >= 1.");
        if (points is < 1) throw new InputException($"points: {points} is not allowed; must be an integer >= 1.");
        var defaults = parent.Spec.Search switch
        {
            CoarseToFineSearchSpec c => c,
            GridSearchSpec => new CoarseToFineSearchSpec(),
            var other => throw new InputException($"sweep {parent.SweepId} searched with kind {SearchKindOf(other)}; only grid and coarse-to-fine searches can be refined."),
        };
        if (parent.Spec.Search.Parameters is not null || parent.Spec.Search.Repeats > 1)
            throw new InputException($"sweep {parent.SweepId} searched {(parent.Spec.Search.Parameters is not null ? "search.parameters" : $"with search.repeats {parent.Spec.Search.Repeats}")}; refine refines η alone around a single best run, so only grid and coarse-to-fine searches over η without repeats can be refined.");
        if (parent.Status == SweepStatus.Running) throw new InputException($"sweep {parent.SweepId} is still running; refine it once it has finished.");
        var outcomes = parent.Trials
            .Where(t => t.Status is TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Stopped)
            .Select(t => new TrialOutcome(t.TrialId, t.Arm, 0, t.LearningRate, t.Status, t.TrainLoss, t.ValidationLoss,
                t.ValidationAccuracy, t.EpochsCompleted, t.InitialLoss, t.Verdict, t.WallSeconds))
            .ToArray();
        if (outcomes.Length == 0) throw new InputException($"sweep {parent.SweepId} has no finished trial to refine around.");
        return new SweepInheritance(parent.SweepId, refinements ?? Math.Max(1, defaults.Refinements), points ?? defaults.PointsPerRefinement, outcomes);
    }

    private static string SearchKindOf(SearchSpec search) => search switch
    {
        NoSearchSpec => "none",
        LrFinderSearchSpec => "lr-finder",
        LrFinderThenGridSearchSpec => "lr-finder-then-grid",
        _ => search.GetType().Name,
    };
}
