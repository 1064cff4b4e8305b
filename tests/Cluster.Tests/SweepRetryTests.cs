using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>`sweep retry`: a cancelled sweep reruns its cancelled trials in place and goes on to the end.</summary>
public sealed class SweepRetryTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    // 3 coarse points, then 3 refined ones; logistic runs of a second or so.
    private static readonly string Spec = Specs.Logistic(150).Replace("}}",
        """},"search":{"kind":"coarse-to-fine","min":0.01,"max":1,"pointsPerDecade":1,"refinements":1,"pointsPerRefinement":3,"metric":"trainLoss"}}""",
        StringComparison.Ordinal);

    [Fact]
    public async Task ACancelledSweepRetriedRerunsItsCancelledTrialsAndFinishesAsAnUndisturbedOne()
    {
        var undisturbed = new LocalSweepRunner(1).Run(SpecParser.Parse(Spec), "local", TestContext.Current.CancellationToken);
        var id = Specs.NewId("s");
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Spec);
        await sweep.Cancel();
        var coarse = Enumerable.Range(0, 3).Select(i => $"{id}/0/0/{i}").ToArray();
        await Eventually.HoldsAsync(async () => (await Task.WhenAll(coarse.Select(t => fixture.Trial(t).GetStatus()))).All(p => p.Phase.IsTerminal()),
            Patience, "the coarse trials ended");
        Assert.Equal(SweepPhase.Cancelled, (await sweep.GetStatus()).Status);
        var cancelled = (await Task.WhenAll(coarse.Select(t => fixture.Trial(t).GetStatus()))).Count(p => p.Phase == TrialPhase.Cancelled);
        output.WriteLine($"{cancelled} of 3 coarse trials cancelled");
        Assert.True(cancelled > 0);

        var retried = await sweep.Retry();
        Assert.Equal(SweepPhase.Running, retried.Status);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the retried sweep ended");
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(undisturbed.Best!.LearningRate, status.BestLearningRate);

        using var json = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        foreach (var t in trials)
            output.WriteLine($"{t.GetProperty("trialId")}: {t.GetProperty("status")}, attempts {t.GetProperty("attempts")}");
        Assert.Equal(undisturbed.Trials.Count, trials.Length);
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.Equal(cancelled, trials.Count(t => t.GetProperty("attempts").GetInt32() == 2));
        Assert.Equal(undisturbed.Stages.Count, json.RootElement.GetProperty("stages").GetArrayLength());

        // Nothing failed or cancelled now: a second retry changes nothing.
        Assert.Equal(SweepPhase.Completed, (await sweep.Retry()).Status);
    }

    [Fact]
    public async Task RetryingAnUnknownSweepSaysItWasNeverSubmitted()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s")).Retry());
        Assert.Contains("never submitted", error.Message, StringComparison.Ordinal);
    }
}
