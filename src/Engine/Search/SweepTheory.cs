using System.Text.Json;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Theory;

namespace SweepCluster.Engine.Search;

/// <summary>
/// The sweep result's theory (docs/results.md): L and μ of the first arm's training objective (exact for the quadratic
/// and least squares, the bound for logistic and softmax, power iteration at the seeded initial parameters for the
/// MLP), 2/L and 2/(L+μ), and the divergence edge the sweep's plain runs found.
/// </summary>
public static class SweepTheory
{
    /// <summary>The theory of <paramref name="spec"/> given the runs reported so far; null when L cannot be had (data that fails to load).</summary>
    public static TheoryReport? Compute(SweepSpec spec, IEnumerable<TrialOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Smoothness smoothness;
        try
        {
            smoothness = Estimate(spec);
        }
        catch (Exception e) when (e is InputException or IOException)
        {
            return null;
        }
        return Report(spec, smoothness, outcomes);
    }

    /// <summary>L and μ of the first arm's objective, l2 included.</summary>
    public static Smoothness Estimate(SweepSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var arm = spec.ResolvedArms()[0];
        if (arm.Model is QuadraticModelSpec quadratic) return SmoothnessEstimator.Quadratic(quadratic);
        var split = DataLoader.Load(spec.Data, arm.Training.Seed);
        var trainRows = Math.Max(1, split.TrainRows.Length);
        var model = ModelFactory.Create(arm.Model, split.Train, Math.Min(arm.Training.BatchSize ?? trainRows, trainRows));
        var parameters = new float[model.ParameterCount];
        model.Initialize(parameters, arm.Training.Seed);
        return SmoothnessEstimator.ForData(arm.Model, model, parameters, split);
    }

    /// <summary>The report for a known <paramref name="smoothness"/>, with the divergence edge of the plain runs among <paramref name="outcomes"/>.</summary>
    public static TheoryReport Report(SweepSpec spec, Smoothness smoothness, IEnumerable<TrialOutcome> outcomes)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(smoothness);
        ArgumentNullException.ThrowIfNull(outcomes);
        return new TheoryReport(smoothness.L, smoothness.Mu, smoothness.Source, smoothness.StableBelow, smoothness.OptimalConstant,
            Edge(spec, outcomes));
    }

    /// <summary>Plain gradient descent, the method 2/L speaks about: SGD without momentum or weight decay, at a constant rate.</summary>
    public static bool IsPlain(ArmSpec arm)
    {
        ArgumentNullException.ThrowIfNull(arm);
        return arm.Optimizer is SgdSpec { Momentum: 0, Nesterov: false, WeightDecay: 0 }
               && arm.Schedule is ConstantScheduleSpec { Warmup: null };
    }

    /// <summary>
    /// The smallest diverged and the largest completed rate among the plain arms training the first arm's model;
    /// null when the first arm is not plain.
    /// </summary>
    private static DivergenceEdge? Edge(SweepSpec spec, IEnumerable<TrialOutcome> outcomes)
    {
        var arms = spec.ResolvedArms();
        if (!IsPlain(arms[0])) return null;
        // Records compare arrays by reference; the JSON compares the model's values.
        var model = JsonSerializer.Serialize(arms[0].Model, SpecJson.Options);
        var plain = arms.Select(a => IsPlain(a) && JsonSerializer.Serialize(a.Model, SpecJson.Options) == model).ToArray();
        double? lowestDiverged = null, highestStable = null;
        foreach (var outcome in outcomes)
        {
            if (outcome.Arm < 0 || outcome.Arm >= plain.Length || !plain[outcome.Arm]) continue;
            if (outcome.Status == TrialStatus.Diverged)
                lowestDiverged = Math.Min(lowestDiverged ?? double.PositiveInfinity, outcome.LearningRate);
            else if (outcome.Status == TrialStatus.Completed)
                highestStable = Math.Max(highestStable ?? 0, outcome.LearningRate);
        }
        return new DivergenceEdge(lowestDiverged, highestStable);
    }
}
