using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Schedules;

/// <summary>The first rates of each schedule, worked out by hand from PyTorch's formulas.</summary>
public sealed class ScheduleValuesTests
{
    private static void AssertRates(ILearningRateSchedule schedule, params double[] expected)
    {
        for (var t = 0; t < expected.Length; t++)
            Assert.True(Math.Abs(expected[t] - schedule.LearningRate(t)) <= 1e-12 * Math.Max(1, Math.Abs(expected[t])),
                $"t={t}: expected {expected[t]:R}, got {schedule.LearningRate(t):R}");
    }

    [Fact]
    public void ConstantNeverChanges() => AssertRates(new ConstantRate(0.3), 0.3, 0.3, 0.3);

    [Fact]
    public void StepDecayMultipliesByGammaEveryStepSize() =>
        AssertRates(new StepDecay(1.0, 3, 0.5), 1, 1, 1, 0.5, 0.5, 0.5, 0.25);

    [Fact]
    public void MultiStepDecayAppliesGammaAtEachMilestoneTwiceWhenRepeated() =>
        AssertRates(new MultiStepDecay(1.0, [4, 2, 4], 0.5), 1, 1, 0.5, 0.5, 0.125, 0.125);

    [Fact]
    public void ExponentialDecayIsGammaToTheT() => AssertRates(new ExponentialDecay(2.0, 0.9), 2, 1.8, 1.62, 1.458);

    [Fact]
    public void InverseTimeDecayIsEtaOverOnePlusDecayT() =>
        AssertRates(new InverseTimeDecay(1.0, 0.5), 1, 1 / 1.5, 0.5, 0.4);

    [Fact]
    public void CosineAnnealsToEtaMinAtTMaxThenClimbsBackLikePyTorch()
    {
        var c = Math.Cos(Math.PI / 4);
        AssertRates(new CosineAnnealing(1.0, 4), 1, (1 + c) / 2, 0.5, (1 - c) / 2, 0, (1 - c) / 2, 0.5, (1 + c) / 2, 1);
        AssertRates(new CosineAnnealing(1.0, 2, etaMin: 0.2), 1, 0.6, 0.2, 0.6, 1);
    }

    [Fact]
    public void WarmRestartsRestartAtT0ThenAfterCyclesGrowingByTMult()
    {
        // t0 = 3, tMult = 2: cycles of 3, 6, 12 steps; restarts at t = 3 and t = 9.
        var c3 = Math.Cos(Math.PI / 3);
        var c6 = Math.Cos(Math.PI / 6);
        AssertRates(new CosineWarmRestarts(1.0, 3, 2),
            1, (1 + c3) / 2, (1 - c3) / 2, 1, (1 + c6) / 2, (1 + c3) / 2, 0.5, (1 - c3) / 2, (1 - c6) / 2, 1);
        AssertRates(new CosineWarmRestarts(1.0, 2), 1, 0.5, 1, 0.5, 1);
    }

    [Fact]
    public void CyclicTriangularRisesAndFallsBetweenBaseAndMax()
    {
        AssertRates(new CyclicRate(0.1, 1.0, stepSizeUp: 2), 0.1, 0.55, 1.0, 0.55, 0.1, 0.55, 1.0);
        AssertRates(new CyclicRate(0.0, 1.0, stepSizeUp: 2, stepSizeDown: 1), 0, 0.5, 1, 0, 0.5, 1);
    }

    [Fact]
    public void CyclicTriangular2HalvesTheAmplitudeEachCycle() =>
        AssertRates(new CyclicRate(0.0, 1.0, 2, mode: CyclicMode.Triangular2), 0, 0.5, 1, 0.5, 0, 0.25, 0.5, 0.25, 0, 0.125);

    [Fact]
    public void CyclicExpRangeScalesTheAmplitudeByGammaToTheT() =>
        AssertRates(new CyclicRate(0.0, 1.0, 2, mode: CyclicMode.ExpRange, gamma: 0.5), 0, 0.5 * 0.5, 1 * 0.25, 0.5 * 0.125, 0);

    [Fact]
    public void OneCycleRisesFromMaxOverDivToMaxThenAnnealsToTheMinimumAndHoldsIt()
    {
        // totalSteps 10, pctStart 0.3: phase one ends at step 2, phase two at 9; min = 1/25/1e4 = 4e-6.
        var schedule = new OneCycle(1.0, 10);
        AssertRates(schedule, 0.04, 0.52, 1.0);
        Assert.Equal(4e-6, schedule.LearningRate(9), 15);
        Assert.Equal(4e-6, schedule.LearningRate(10), 15); // PyTorch extrapolates here (0.0495) and raises after
        Assert.Equal(4e-6, schedule.LearningRate(1_000), 15);
        var linear = new OneCycle(1.0, 10, anneal: AnnealStrategy.Linear);
        Assert.Equal(1.0 - (1.0 - 4e-6) / 7, linear.LearningRate(3), 12);
        Assert.True(linear.LearningRate(10) > 0); // PyTorch would give −0.1428 at t = totalSteps
    }

    [Fact]
    public void LinearWarmupRisesFromStartFactorThenRunsTheInnerScheduleOnItsOwnClock()
    {
        var warm = new LinearWarmup(new ExponentialDecay(1.0, 0.5), new WarmupSpec(4, 0.5), 1.0);
        AssertRates(warm, 0.5, 0.625, 0.75, 0.875, 1.0, 0.5, 0.25);
        Assert.Equal(0.5, LinearWarmup.WarmupFactor(new WarmupSpec(4, 0.5), 0));
        Assert.Equal(0.875, LinearWarmup.WarmupFactor(new WarmupSpec(4, 0.5), 3));
        Assert.Equal(1.0, LinearWarmup.WarmupFactor(new WarmupSpec(4, 0.5), 4));
        Assert.Equal(1.0, LinearWarmup.WarmupFactor(new WarmupSpec(0), 0));
    }

    [Fact]
    public void WarmupFromZeroWorksWherePyTorchsLinearLrDividesByZero() =>
        AssertRates(new LinearWarmup(new ConstantRate(2.0), new WarmupSpec(4, 0.0), 2.0), 0, 0.5, 1, 1.5, 2, 2);

    [Fact]
    public void NegativeClockIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantRate(1).LearningRate(-1));
}
