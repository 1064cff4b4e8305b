using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;
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
        var result = TrialResult.Of(trial);

        Assert.Equal(TrialPhase.Completed, result.Phase);
        Assert.Equal(TrialResult.ToJson(trial), TrialResult.ToJson(result.ToTrial()));
        Assert.Contains("\"silo\":\"10.0.0.5:11111\"", result.Json);
        Assert.Contains("\"optimizer\":{\"kind\":\"sgd\"", result.Json);
    }

    [Fact]
    public void TheSpecTravelsAsTheJsonSpecJsonWrites()
    {
        var spec = SpecParser.Parse(Infrastructure.Specs.Quadratic(10));
        var json = System.Text.Json.JsonSerializer.Serialize(spec, SpecJson.Options);
        var plan = TrialPlans.Create(new TrialStart("s", 0, 0, 0.02, json));
        Assert.Equal(0.02, plan.LearningRate);
        Assert.Equal(0.02, plan.Optimizer.LearningRate);
        Assert.Equal(10, plan.Training.Epochs);
    }

    [Fact]
    public void ATrialOfASearchOverParametersTrainsItsConfigurationWithItsRepeatsSeed()
    {
        var spec = SpecParser.Parse(Infrastructure.Specs.Quadratic(10));
        var json = System.Text.Json.JsonSerializer.Serialize(spec, SpecJson.Options);
        var start = new TrialStart("s", 0, 0, 0.02, json, Parameters: [new TrialParameter("optimizer.momentum", 0.9, null), new TrialParameter("training.epochs", 4, null)], Repeat: 2);

        var (resolved, arm, rate) = TrialPlans.Resolve(start);
        var plan = TrialPlans.Create(start);

        Assert.Equal(0.02, rate);
        Assert.Equal(spec.Training.Seed + 2, resolved.Training.Seed);
        Assert.Equal(4, arm.Training.Epochs);
        Assert.Equal(0.9, ((SgdSpec)plan.Optimizer).Momentum);
        Assert.Equal(spec.Training.Seed + 2, plan.Training.Seed);
        Assert.Equal(start, start with { Parameters = [.. start.Parameters!] });
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    public void ALearningRateThatIsNotPositiveIsRefused(double rate) =>
        Assert.Throws<ArgumentException>(() => TrialPlans.Create(Infrastructure.Specs.Short() with { LearningRate = rate }));

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
