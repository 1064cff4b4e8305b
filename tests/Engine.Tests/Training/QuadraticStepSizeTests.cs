using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Tests.Training;

/// <summary>The seeds' claims on ½xᵀQx with eigenvalues 1, 10, 40 (L = 40, μ = 1, 2/L = 0.05, 2/(L+μ) ≈ 0.0488).</summary>
public sealed class QuadraticStepSizeTests
{
    private static Trial Train(string example, double? learningRate = null)
    {
        var spec = SpecParser.ParseFile(TestPaths.Example(example), learningRate);
        var arm = spec.ResolvedArms()[0];
        return TestTrainer.Run(TrialPlan.For(spec, arm, learningRate ?? arm.Optimizer.LearningRate ?? 0.01));
    }

    [Fact]
    public void GradientDescentConvergesJustBelowTwoOverL()
    {
        var trial = Train("quadratic-gd-stable.json");
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(400, trial.Steps);
        Assert.True(trial.TrainLoss < 1e-8, $"final loss {trial.TrainLoss}");
        Assert.Equal(Verdict.Good, trial.Verdict);
    }

    [Fact]
    public void GradientDescentDivergesJustAboveTwoOverL()
    {
        var trial = Train("quadratic-gd-diverges.json");
        Assert.Equal(TrialStatus.Diverged, trial.Status);
        Assert.Equal(Verdict.Diverged, trial.Verdict);
        Assert.True(trial.Steps < 400, "a diverged run stops at once");
        // Each step multiplies the λ = 40 component's loss by (1 − 0.051·40)² = 1.0816: the loss must have grown.
        var steps = trial.History!.Steps;
        Assert.True(steps[^1].TrainLoss > 10 * steps[0].TrainLoss);
    }

    [Fact]
    public void OptimalConstantStepReachesOneMillionthOfTheGapInFewerStepsThanInverseL()
    {
        var optimal = Train("quadratic-optimal-step.json");
        var inverseL = Train("quadratic-inverse-l.json");
        Assert.Equal(2.0 / 41.0, optimal.History!.Steps[0].LearningRate, 12);
        Assert.Equal(1.0 / 40.0, inverseL.History!.Steps[0].LearningRate, 12);

        var optimalSteps = StepsToReach(optimal, 1e-6);
        var inverseLSteps = StepsToReach(inverseL, 1e-6);
        Assert.True(optimalSteps < inverseLSteps, $"2/(L+μ) took {optimalSteps} steps, 1/L took {inverseLSteps}");
        // From x0 = 1: the gap is 20.5·(39/41)^2k + 5·(21/41)^2k against 0.5·(39/40)^2k + 5·(3/4)^2k,
        // which fall below 1e-6 × 25.5 after 136 and 196 steps.
        Assert.Equal(136, optimalSteps);
        Assert.Equal(196, inverseLSteps);
    }

    [Fact]
    public void ATinyRateIsJudgedTooSmall()
    {
        var trial = Train("quadratic-gd-stable.json", learningRate: 1e-6);
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(Verdict.TooSmall, trial.Verdict);
    }

    [Fact]
    public void ATooLargeRateIsJudgedDivergedOrOscillating()
    {
        var trial = Train("quadratic-gd-stable.json", learningRate: 0.06);
        Assert.Contains(trial.Verdict, new Verdict?[] { Verdict.Diverged, Verdict.Oscillating });
    }

    [Fact]
    public void HeavyMomentumNearTheEdgeOscillates()
    {
        var spec = SpecParser.ParseFile(TestPaths.Example("quadratic-gd-stable.json"));
        var arm = spec.ResolvedArms()[0] with { Optimizer = new SgdSpec(Momentum: 0.95) { LearningRate = 0.09 } };
        var trial = TestTrainer.Run(TrialPlan.For(spec, arm, 0.09));
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(Verdict.Oscillating, trial.Verdict);
    }

    /// <summary>The first step whose loss gap is at most <paramref name="fraction"/> of the starting gap (f* = 0 here).</summary>
    private static long StepsToReach(Trial trial, double fraction)
    {
        var steps = trial.History!.Steps;
        var start = steps[0].TrainLoss;
        foreach (var point in steps)
            if (point.TrainLoss <= fraction * start) return point.Step;
        return long.MaxValue;
    }
}
