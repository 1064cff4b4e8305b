using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search;

/// <summary>
/// Puts a sweep's result together (docs/results.md Sweep result) from its search and its trials: trial ids are
/// "{sweepId}/{key}", trials are listed by arm, stage and index with their verdicts judged against the best η of their
/// arm, the bests are never a diverged, failed, cancelled or stopped trial, the warnings are the search's, and
/// computeSeconds adds up every run's and range test's wall time.
/// </summary>
public static class SweepResultBuilder
{
    /// <summary>The trial id of a run of this sweep; a run inherited from a parent sweep keeps its own.</summary>
    public static string TrialId(string sweepId, string key) => SweepInheritance.IsInherited(key) ? key : $"{sweepId}/{key}";

    /// <param name="trials">The full Trial records known so far, ids "{sweepId}/{key}" (running ones may be included).</param>
    public static SweepResult Build(
        string sweepId,
        SweepSearch search,
        IEnumerable<Trial> trials,
        SweepStatus status,
        TheoryReport? theory,
        double wallSeconds,
        string? parentSweepId = null)
    {
        ArgumentNullException.ThrowIfNull(sweepId);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(trials);
        var prefix = sweepId + "/";
        var byKey = new Dictionary<string, Trial>();
        foreach (var trial in trials)
            byKey[trial.TrialId.StartsWith(prefix, StringComparison.Ordinal) ? trial.TrialId[prefix.Length..] : trial.TrialId] = trial;
        var verdicts = search.Verdicts();
        // A search over parameters names the values each trial ran with, η included.
        IReadOnlyDictionary<string, Search.Spaces.ParameterValue>? ParametersOf(string key, Trial trial) =>
            search.Spec.Search.Parameters is not null && !SweepInheritance.IsInherited(key) && search.IsIssued(key)
                ? TrialConfiguration.Reported(search.Request(key), trial.LearningRate) ?? trial.Parameters
                : trial.Parameters;
        var ordered = byKey
            .OrderBy(t => t.Value.Arm).ThenBy(t => SweepInheritance.IsInherited(t.Key) ? 0 : t.Value.Stage).ThenBy(t => Index(t.Key)).ThenBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => t.Value with
            {
                TrialId = TrialId(sweepId, t.Key),
                Stage = SweepInheritance.IsInherited(t.Key) ? 0 : t.Value.Stage,
                Verdict = verdicts.TryGetValue(t.Key, out var verdict) ? verdict : t.Value.Verdict,
                Parameters = ParametersOf(t.Key, t.Value),
            })
            .ToArray();
        var lrFinders = search.LrFinderByArm;
        // What this sweep computed: inherited runs were paid for by the parent.
        var computeSeconds = search.Outcomes.Where(o => !SweepInheritance.IsInherited(o.Key)).Sum(o => o.WallSeconds) + lrFinders.Sum(r => r?.WallSeconds ?? 0);
        return new SweepResult(
            SweepId: sweepId,
            Name: search.Spec.Name,
            Status: status,
            Spec: search.Spec,
            Best: ToBest(search.Best),
            BestByArm: [.. search.BestByArm.Select(ToBest)],
            Stages: search.Stages,
            LrFinder: lrFinders.FirstOrDefault(r => r is not null),
            LrFinderByArm: lrFinders,
            Theory: theory,
            Trials: ordered,
            ParentSweepId: parentSweepId ?? search.Inheritance?.ParentSweepId,
            WallSeconds: wallSeconds,
            ComputeSeconds: computeSeconds)
        {
            Warnings = search.Warnings(),
            Groups = search.HasGroups
                ? [.. search.Groups().Select(g => new ConfigurationGroup(g.Parameters, g.Mean, g.Std, g.N, [.. g.Keys.Select(k => TrialId(sweepId, k))]))]
                : null,
        };

        // The trainer's rate where it fixed one itself (the smoothness rule), else the searched rate. The search's bests
        // are completed runs only (where every run diverged, the warnings say so).
        BestTrial? ToBest(TrialOutcome? o) => o is null ? null : new BestTrial(
            TrialId(sweepId, o.Key), o.Arm, byKey.TryGetValue(o.Key, out var t) ? t.LearningRate : o.LearningRate,
            o.ValidationLoss, o.ValidationAccuracy, o.TrainLoss) { Name = search.Arms[o.Arm].Name };
    }

    private static int Index(string key) =>
        int.TryParse(key.AsSpan(key.LastIndexOf('/') + 1), System.Globalization.CultureInfo.InvariantCulture, out var index) ? index : int.MaxValue;
}
