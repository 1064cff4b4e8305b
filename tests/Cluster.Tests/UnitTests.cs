using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Results;
using SweepCluster.Grains.Slots;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>The pieces that need no cluster.</summary>
public sealed class UnitTests
{
    [Fact]
    public void AStoredTrialReadsBackToTheSameContractJson()
    {
        var plan = TrialPlans.Create(Infrastructure.Specs.Short());
        var trial = Trainer.Run(plan, cancel: TestContext.Current.CancellationToken) with { TrialId = "s-x/0/1", Silo = "10.0.0.5:11111", Attempts = 2 };
        var json = TrialJson.Write(trial);

        Assert.Equal(TrialPhase.Completed, TrialResult.Of(trial).Phase);
        Assert.Equal(json, TrialJson.Write(TrialJson.Read(json)));
        Assert.Contains("\"silo\":\"10.0.0.5:11111\"", json);
        Assert.Contains("\"optimizer\":{\"kind\":\"sgd\"", json);
    }

    [Fact]
    public void ATrialIsSentItsArmWithItsLearningRateInTheOptimizer()
    {
        var plan = TrialPlans.Create(Infrastructure.Specs.Start("s", Infrastructure.Specs.Quadratic(10), 0.02));
        Assert.Equal(0.02, plan.LearningRate);
        Assert.Equal(0.02, plan.Optimizer.LearningRate);
        Assert.Equal(10, plan.Training.Epochs);
    }

    [Fact]
    public void ATrialOfASearchOverParametersTrainsItsConfigurationWithItsRepeatsSeed()
    {
        var spec = SpecParser.Parse(Infrastructure.Specs.Quadratic(10));
        var request = new TrialRequest("0/0/0", 0, 0, 0.02, TrialPurpose.Train)
        {
            Parameters = new Dictionary<string, ParameterValue> { ["optimizer.momentum"] = ParameterValue.Of(0.9), ["training.epochs"] = ParameterValue.Of(4) },
            Repeat = 2,
        };
        var start = TrialStart.Of("s", spec, request);

        var plan = TrialPlans.Create(start);

        Assert.Equal(0.02, plan.LearningRate);
        Assert.Equal(4, plan.Training.Epochs);
        Assert.Equal(0.9, ((SgdSpec)plan.Optimizer).Momentum);
        Assert.Equal(spec.Training.Seed + 2, plan.Training.Seed);
        Assert.Equal(start, start with { Parameters = [.. start.Parameters!] });
        Assert.Equal(start, TrialStart.Of("s", spec, request));
        Assert.NotEqual(start, start with { Training = start.Training with { Epochs = 5 } });
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void ALearningRateThatIsNotPositiveIsRefused(double rate) =>
        Assert.Throws<ArgumentException>(() => TrialPlans.Create(Infrastructure.Specs.Short().AtRate(rate)));

    [Fact]
    public async Task SlotsQueueRunsBeyondTheirCapacity()
    {
        using var slots = new TrainingSlots(1);
        var first = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        var second = slots.AcquireAsync(TestContext.Current.CancellationToken);
        Assert.False(second.IsCompleted);
        Assert.Equal((1, 1, -1), (slots.Running, slots.Waiting, slots.Free));
        first.Dispose();
        first.Dispose();   // a lease gives its slot back once
        (await second).Dispose();
        Assert.Equal((0, 0, 1), (slots.Running, slots.Waiting, slots.Free));
    }

    [Fact]
    public async Task AQueuedRunCanBeCancelled()
    {
        using var slots = new TrainingSlots(1);
        using var held = await slots.AcquireAsync(TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();
        var waiting = slots.AcquireAsync(cancel.Token);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, slots.Waiting);
    }
}
