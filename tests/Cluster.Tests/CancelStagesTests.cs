using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// `sweep cancel` during each kind of stage (a grid, a refinement, an LR range test, an ASHA grid): the sweep ends
/// `cancelled`, the trials that had finished keep their results, the ones running stop within a step or so (they end
/// `cancelled` having trained a fraction of their steps), and nothing new starts.
/// </summary>
public sealed class CancelStagesTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // Logistic runs of 62 steps an epoch, a few ms each: 400 epochs last a second or two, so a stage is caught running.
    private static string Spec(string search, int epochs = 400) =>
        """{"name":"cancel","data":{"source":"synthetic","task":"logistic","samples":4000,"features":200,"validationSize":64,"seed":2},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"seed":1,"epochs":"""
        + epochs + ""","historyEvery":1},"search":""" + search + "}";

    [Fact]
    public Task CancelDuringAGridKeepsTheFinishedTrials() => CancelWhenAsync(
        Spec("""{"kind":"grid","learningRates":[0.01,0.02,0.05,0.1,0.2,0.5,1,2],"metric":"trainLoss"}"""),
        s => s.Counts.GetValueOrDefault(TrialPhase.Completed) >= 1, stageKind: "grid");

    [Fact]
    public Task CancelDuringARefinementKeepsTheCoarseGrid() => CancelWhenAsync(
        Spec("""{"kind":"coarse-to-fine","min":0.01,"max":1,"pointsPerDecade":1,"refinements":2,"pointsPerRefinement":4,"metric":"trainLoss"}"""),
        s => s.Stages >= 2, stageKind: "refine");

    [Fact]
    public Task CancelDuringAnLrRangeTestStartsNoGrid() => CancelWhenAsync(
        Spec("""{"kind":"lr-finder-then-grid","min":1e-6,"max":10,"steps":200000,"divergenceThreshold":1000000,"pointsPerRefinement":3,"metric":"trainLoss"}"""),
        s => s.Stages >= 1 && s.Status == SweepPhase.Running, stageKind: "lr-finder");

    [Fact]
    public Task CancelDuringAnAshaGridKeepsTheStoppedAndFinishedTrials() => CancelWhenAsync(
        Spec("""{"kind":"grid","learningRates":[0.001,0.003,0.01,0.03,0.1,0.3,1,3,10],"metric":"trainLoss","earlyStopping":{"kind":"asha","reductionFactor":3,"minEpochs":20}}"""),
        s => s.Counts.GetValueOrDefault(TrialPhase.Stopped) + s.Counts.GetValueOrDefault(TrialPhase.Completed) >= 1, stageKind: "grid");

    private async Task CancelWhenAsync(string spec, Func<SweepSummary, bool> ready, string stageKind)
    {
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-cancel"));
        await sweep.Submit(spec);
        await Eventually.HoldsAsync(async () => ready(await sweep.GetStatus()), Patience, "the stage to cancel in is running", TimeSpan.FromMilliseconds(20));
        var before = await Result(sweep);
        var finishedBefore = Trials(before).Where(t => t.Status is not "running").ToDictionary(t => t.Id);
        var stages = before.RootElement.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToArray();
        output.WriteLine($"cancelling in stage {stages[^1]}: {finishedBefore.Count} trials finished, {(await sweep.GetStatus()).Counts.GetValueOrDefault(TrialPhase.Running)} running");
        Assert.Equal(stageKind, stages[^1]);

        await sweep.Cancel();
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Cancelled, status.Status);
        // Every trial ends soon: the running ones at their next step.
        await Eventually.HoldsAsync(async () => Trials(await Result(sweep)).All(t => t.Status is not "running"), TimeSpan.FromSeconds(30), "every trial ended");

        using var after = await Result(sweep);
        var trials = Trials(after);
        foreach (var t in trials) output.WriteLine($"{t.Id}: {t.Status}, {t.Steps} steps");
        Assert.Equal(SweepPhase.Cancelled, (await sweep.GetStatus()).Status);
        Assert.Equal("cancelled", after.RootElement.GetProperty("status").GetString());
        // Finished trials are kept as they were.
        foreach (var (id, t) in finishedBefore) Assert.Equal(t, trials.Single(x => x.Id == id));
        // Those cancelled stopped early, and nothing was started after the cancel.
        var planned = after.RootElement.GetProperty("spec").GetProperty("training").GetProperty("epochs").GetInt32() * 62;
        Assert.All(trials.Where(t => t.Status == "cancelled"), t => Assert.True(t.Steps < planned, $"{t.Id} trained all {t.Steps} steps"));
        Assert.Equal(status.Issued, (await sweep.GetStatus()).Issued);
        Assert.Equal(stages.Length, after.RootElement.GetProperty("stages").GetArrayLength());
        await Task.Delay(TimeSpan.FromSeconds(1.5), TestContext.Current.CancellationToken);   // a poll of the coordinator later
        Assert.Equal(status.Issued, (await sweep.GetStatus()).Issued);
        before.Dispose();
    }

    private static async Task<JsonDocument> Result(ISweepCoordinatorGrain sweep) =>
        JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);

    private static List<(string Id, string Status, int Steps)> Trials(JsonDocument result) =>
        [.. result.RootElement.GetProperty("trials").EnumerateArray().Select(t => (
            t.GetProperty("trialId").GetString()!, t.GetProperty("status").GetString()!, t.GetProperty("steps").GetInt32()))];
}
