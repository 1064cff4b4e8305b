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
        var (spec, arm) = Parse(request);
        return TrialPlan.For(spec, arm, request.LearningRate);
    }

    /// <summary>Where the trial asks its sweep whether to go on (ASHA), and by which metric; no rungs without early stopping.</summary>
    public static (IReadOnlyList<int> Rungs, Metric Metric) Rungs(TrialStart request)
    {
        var (spec, arm) = Parse(request);
        return (SweepSearch.RungsOf(spec, arm), spec.Search.Metric);
    }

    /// <summary>The trial's spec and its arm, every default applied: what a command trainer is resolved and filled from.</summary>
    public static (SweepSpec Spec, ArmSpec Arm) Sections(TrialStart request) => Parse(request);

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
