using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Training;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>The coordinator reads a finished trial's outcome without its history; it must be the full Trial's.</summary>
public sealed class TrialResultTests
{
    [Theory]
    [InlineData(0.01, TrialStatus.Completed)]
    [InlineData(0.2, TrialStatus.Diverged)]
    public void TheOutcomeReadWithoutTheHistoryIsTheOutcomeOfTheWholeTrial(double learningRate, TrialStatus status)
    {
        var start = Infrastructure.Specs.Short(sweepId: "s-x", stage: 1).AtRate(learningRate);
        var plan = TrialPlans.Create(start);
        var trial = Trainer.Run(plan, cancel: TestContext.Current.CancellationToken) with { TrialId = "s-x/0/1/2" };
        Assert.Equal(status, trial.Status);
        Assert.NotEmpty(trial.History!.Steps);
        var request = new TrialRequest("0/1/2", 0, 1, learningRate, TrialPurpose.Train);

        Assert.Equal(TrialOutcome.From(request, trial), TrialResult.Of(trial).ToOutcome(request));
        Assert.Equal(TrialOutcome.From(request, trial), TrialEnd.Of(trial.TrialId, start, trial).Outcome);
    }

    [Fact]
    public void TheEndIsTheOutcomeOfTheStoredTrialAndAFractionOfItsSize()
    {
        var start = Infrastructure.Specs.Short(sweepId: "s-x");
        var plan = TrialPlans.Create(start);
        var trial = Trainer.Run(plan, cancel: TestContext.Current.CancellationToken) with { TrialId = "s-x/0/0/1", Silo = "127.0.0.1:11111" };
        var request = new TrialRequest("0/0/1", 0, 0, plan.LearningRate, TrialPurpose.Train);
        var stored = TrialResult.Of(trial);
        // What the coordinator reads from a trial's activation (its Trial in memory) and from one that read it back.
        var end = TrialEnd.Of(trial.TrialId, start, trial);
        var reread = TrialEnd.Of(trial.TrialId, start, stored.Trial);

        Assert.Equal(new TrialEnd(stored.ToOutcome(request), "127.0.0.1:11111"), end);
        Assert.Equal(end, reread);
        var serializer = new Microsoft.Extensions.DependencyInjection.ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(TrialEnd).Assembly))
            .BuildServiceProvider().GetRequiredService<Orleans.Serialization.Serializer>();
        var (endBytes, trialBytes) = (serializer.SerializeToArray(end).Length, serializer.SerializeToArray(stored).Length);
        Assert.True(endBytes * 20 < trialBytes, $"the end {endBytes} bytes, the Trial {trialBytes}");
    }

    [Fact]
    public void AnUntrainedTrialGivesItsStatusAndNoFigures()
    {
        var plan = TrialPlans.Create(Infrastructure.Specs.Short());
        var trial = TrialPlans.Untrained(plan, TrialStatus.Failed, "no data", 0.25);
        var request = new TrialRequest("0/0/0", 0, 0, plan.LearningRate, TrialPurpose.Train);

        var outcome = TrialResult.Of(trial).ToOutcome(request);

        Assert.Equal(TrialOutcome.From(request, trial), outcome);
        Assert.Equal((TrialStatus.Failed, null, 0.25), (outcome.Status, outcome.TrainLoss, outcome.WallSeconds));
    }
}
