using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Schedules;

public sealed class ScheduleFactoryTests
{
    public static TheoryData<ScheduleSpec, Type> Kinds => new()
    {
        { new ConstantScheduleSpec(), typeof(ConstantRate) },
        { new StepScheduleSpec(10), typeof(StepDecay) },
        { new MultiStepScheduleSpec([5, 10]), typeof(MultiStepDecay) },
        { new ExponentialScheduleSpec(0.9), typeof(ExponentialDecay) },
        { new InverseTimeScheduleSpec(0.1), typeof(InverseTimeDecay) },
        { new CosineScheduleSpec(100), typeof(CosineAnnealing) },
        { new CosineRestartsScheduleSpec(10, 2), typeof(CosineWarmRestarts) },
        { new CyclicScheduleSpec(0.01), typeof(CyclicRate) },
        { new OneCycleScheduleSpec(), typeof(OneCycle) },
        { new StepScheduleSpec(10) { Warmup = new WarmupSpec(5) }, typeof(LinearWarmup) },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EachClosedFormKindBuildsItsSchedule(ScheduleSpec spec, Type expected) =>
        Assert.IsType(expected, ScheduleFactory.Create(spec, 0.1, 1000));

    [Fact]
    public void StatefulPoliciesAreLeftToTheTrainer()
    {
        Assert.Throws<NotSupportedException>(() => ScheduleFactory.Create(new ReduceOnPlateauScheduleSpec(), 0.1, 10));
        Assert.Throws<NotSupportedException>(() => ScheduleFactory.Create(new ArmijoScheduleSpec(), 0.1, 10));
        Assert.Throws<NotSupportedException>(() => ScheduleFactory.Create(new SmoothnessScheduleSpec(), 0.1, 10));
    }

    [Fact]
    public void ZeroStepWarmupIsNoWarmup() =>
        Assert.IsType<CosineAnnealing>(ScheduleFactory.Create(new CosineScheduleSpec(10) { Warmup = new WarmupSpec(0) }, 0.1, 10));

    [Fact]
    public void OneCycleDefaultsToTheRunsClockAndEtaAndEndsOnTheLastTick()
    {
        var schedule = Assert.IsType<OneCycle>(ScheduleFactory.Create(new OneCycleScheduleSpec(), 0.2, 500));
        Assert.Equal(500, schedule.TotalSteps);
        Assert.Equal(0.2, schedule.MaxLr);
        Assert.Equal(0.2 / 25 / 1e4, schedule.LearningRate(499));
    }

    [Fact]
    public void OneCycleBehindAWarmupGetsTheTicksLeftAfterIt()
    {
        var warm = Assert.IsType<LinearWarmup>(ScheduleFactory.Create(new OneCycleScheduleSpec { Warmup = new WarmupSpec(100) }, 0.2, 500));
        Assert.Equal(400, Assert.IsType<OneCycle>(warm.Inner).TotalSteps);
    }

    [Fact]
    public void CyclicMaxLrDefaultsToEta() =>
        Assert.Equal(0.3, Assert.IsType<CyclicRate>(ScheduleFactory.Create(new CyclicScheduleSpec(0.01), 0.3, 10)).MaxLr);

    [Fact]
    public void OneCycleWarmupFollowsTheContractNotPyTorchsLinearLrQuirk()
    {
        // PyTorch's SequentialLR([LinearLR, OneCycleLR]) warms up to maxLr/divFactor (OneCycleLR overwrote initial_lr);
        // the contract (and this engine) warms up to η, so the warmup rates differ by exactly divFactor.
        var c = TorchCase.Load("schedule-one-cycle-cos-warmup");
        Assert.NotNull(c.TorchLinearLrRates);
        var schedule = ScheduleFactory.Create(c.Schedule, c.Optimizer.LearningRate!.Value, c.Steps);
        var warmup = c.Schedule.Warmup!.Steps;
        for (var t = 0; t < c.Steps; t++)
        {
            var ours = schedule.LearningRate(t);
            var torchLinearLr = c.TorchLinearLrRates![t];
            Close.Equal(t < warmup ? ours / 25 : ours, torchLinearLr, $"t={t}", relative: 1e-12);
        }
    }
}
