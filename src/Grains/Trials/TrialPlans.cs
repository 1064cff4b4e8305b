using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Trials;

/// <summary>From a <see cref="TrialStart"/> to the Engine's plan, and the Trial of a run that never trained.</summary>
public static class TrialPlans
{
    /// <summary>The plan, or an <see cref="ArgumentException"/> that says what is wrong with the request.</summary>
    public static TrialPlan Create(TrialStart request)
    {
        var (spec, arm, learningRate) = Resolve(request);
        return TrialPlan.For(spec, arm, learningRate);
    }

    /// <summary>
    /// What the trial trains: the spec with its configuration applied (the searched parameters set at their paths,
    /// training.seed + repeat), its arm of that spec, and its η. Any trainer, built-in or a program, trains from this.
    /// </summary>
    /// <exception cref="ArgumentException">The request is wrong (its spec does not parse, its arm or η or a value is not allowed).</exception>
    public static (SweepSpec Spec, ArmSpec Arm, double LearningRate) Resolve(TrialStart request)
    {
        var (spec, arm) = Parse(request);
        if (request.Parameters is null && request.Repeat == 0) return (spec, arm, request.LearningRate);
        try
        {
            var (resolved, resolvedArm) = TrialConfiguration.Resolve(spec, request.Arm, TrialParameter.ToValues(request.Parameters), request.Repeat);
            return (resolved, resolvedArm, request.LearningRate);
        }
        catch (Exception e) when (e is InputException or System.Text.Json.JsonException)
        {
            throw new ArgumentException($"the trial's parameters do not fit its spec: {e.Message}", nameof(request));
        }
    }

    /// <summary>Where the trial asks its sweep whether to go on (ASHA), and by which metric; no rungs without early stopping.</summary>
    public static (IReadOnlyList<int> Rungs, Metric Metric) Rungs(TrialStart request)
    {
        var (spec, arm, _) = Resolve(request);
        return (SweepSearch.RungsOf(spec, arm), spec.Search.Metric);
    }

    private static (SweepSpec Spec, ArmSpec Arm) Parse(TrialStart request)
    {
        ArgumentNullException.ThrowIfNull(request);
        SweepSpec spec;
        try
        {
            spec = Sweeps.StoredSpec.Read(request.SpecJson);
        }
        catch (InputException e)
        {
            throw new ArgumentException($"the trial's spec does not parse: {e.Message}", nameof(request));
        }
        var arms = spec.ResolvedArms();
        if (request.Arm < 0 || request.Arm >= arms.Count)
            throw new ArgumentException($"arm {request.Arm} does not exist: the spec has {arms.Count} arm(s).", nameof(request));
        if (!(request.LearningRate > 0) || !double.IsFinite(request.LearningRate))
            throw new ArgumentException($"learningRate {request.LearningRate} must be a finite number > 0.", nameof(request));
        return (spec, arms[request.Arm]);
    }

    /// <summary>The Trial of a run that ended before or without training (cancelled while queued, or failed).</summary>
    public static Trial Untrained(TrialPlan plan, TrialStatus status, string? error, double wallSeconds) => new(
        TrialId: "",
        Arm: 0,
        Stage: 0,
        LearningRate: plan.LearningRate,
        Optimizer: plan.Optimizer with { LearningRate = plan.LearningRate },
        Schedule: plan.Schedule,
        Status: status,
        Error: error,
        EpochsCompleted: 0,
        Steps: 0,
        TrainLoss: null,
        ValidationLoss: null,
        ValidationAccuracy: null,
        Silo: null,
        Attempts: 1,
        WallSeconds: wallSeconds,
        Verdict: null,
        History: new TrialHistory([], []));
}
