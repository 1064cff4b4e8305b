using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

public sealed class SweepCoordinatorTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private const string CoarseToFine =
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":2,"pointsPerRefinement":5,"metric":"trainLoss"}}""";

    private ISweepCoordinatorGrain Sweep(string id) => fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);

    [Fact]
    public async Task ACoarseToFineSweepFindsTheSameBestRateAsTheLocalRunnerWithEveryTrialOnce()
    {
        var local = new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine), "local", TestContext.Current.CancellationToken);
        var id = Specs.NewId("s");
        var sweep = Sweep(id);
        var clock = Stopwatch.StartNew();
        var submitted = await sweep.Submit(CoarseToFine);
        Assert.Equal(SweepPhase.Running, submitted.Status);
        output.WriteLine($"submit returned in {clock.ElapsedMilliseconds} ms");

        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the sweep ended");
        output.WriteLine($"sweep ended in {clock.ElapsedMilliseconds} ms");
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(local.Best!.LearningRate, status.BestLearningRate);

        var report = await sweep.GetResult(includeHistories: false);
        using var json = JsonDocument.Parse(report.Json);
        var root = json.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(local.Best.LearningRate, root.GetProperty("best").GetProperty("learningRate").GetDouble());
        var ids = root.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()!).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(local.Trials.Select(t => t.TrialId.Replace("local/", id + "/", StringComparison.Ordinal)).Order(), ids.Order());
        Assert.Equal(status.Issued, ids.Length);
        Assert.Equal(ids.Length, status.Counts.Values.Sum());
        Assert.All(root.GetProperty("trials").EnumerateArray(), t => Assert.False(t.TryGetProperty("history", out var h) && h.ValueKind != JsonValueKind.Null));
        output.WriteLine($"{ids.Length} trials, best η {status.BestLearningRate} (local {local.Best.LearningRate}), {status.BestMetric}");

        // Submitting the same spec again changes nothing.
        Assert.Equal(status.Issued, (await sweep.Submit(CoarseToFine)).Issued);
    }

    [Fact]
    public async Task AnLrFinderThenGridSweepRunsItsRangeTestInTheCoordinatorAndAgreesWithTheLocalRunner()
    {
        const string spec =
            """{"name":"f","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"lr-finder-then-grid","min":0.0001,"max":10,"steps":100,"pointsPerRefinement":5,"metric":"trainLoss"}}""";
        var local = new LocalSweepRunner(1).Run(SpecParser.Parse(spec), "local", TestContext.Current.CancellationToken);
        var sweep = Sweep(Specs.NewId("s"));
        var clock = Stopwatch.StartNew();
        await sweep.Submit(spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the sweep ended");
        output.WriteLine($"sweep ended in {clock.ElapsedMilliseconds} ms");
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(local.Best!.LearningRate, status.BestLearningRate);
        var root = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json).RootElement;
        Assert.Equal(local.LrFinder!.Suggested, root.GetProperty("lrFinder").GetProperty("suggested").GetDouble());
        Assert.Equal(local.Trials.Count, root.GetProperty("trials").GetArrayLength());
    }

    [Fact]
    public async Task ABadSpecIsRefusedWithItsProblemsAndNothingIsStored()
    {
        var sweep = Sweep(Specs.NewId("s"));
        var error = await Assert.ThrowsAnyAsync<ArgumentException>(() => sweep.Submit("""{"model":{"kind":"quadratic"},"search":{"kind":"nope"}}"""));
        output.WriteLine(error.Message);
        Assert.Contains("search", error.Message, StringComparison.Ordinal);
        Assert.Equal(SweepPhase.None, (await sweep.GetStatus()).Status);
    }

    [Fact]
    public async Task CancellingASweepCancelsItsRunningTrials()
    {
        var spec = Specs.Logistic(1_000_000).Replace("}}", """},"search":{"kind":"grid","learningRates":[0.01,0.02,0.03,0.04]}}""", StringComparison.Ordinal);
        var id = Specs.NewId("s");
        var sweep = Sweep(id);
        await sweep.Submit(spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Issued > 0, Patience, "trials issued");
        await sweep.Cancel();
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Cancelled, status.Status);
        var trialIds = Enumerable.Range(0, 4).Select(i => $"{id}/0/0/{i}").ToArray();
        await Eventually.HoldsAsync(async () =>
        {
            var phases = await Task.WhenAll(trialIds.Select(t => fixture.Trial(t).GetStatus()));
            return phases.All(p => p.Phase is TrialPhase.Pending or TrialPhase.Cancelled);
        }, Patience, "every trial cancelled or never started");
        Assert.Equal("cancelled", JsonDocument.Parse((await sweep.GetResult(false)).Json).RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("s-1234abcd/0/1/2", "s-1234abcd")]
    [InlineData("s-x/y/0/1/2", "s-x/y")]
    [InlineData("0/1/2", null)]
    [InlineData("t1", null)]
    public void TheSweepIdIsWhatPrecedesTheKey(string trialId, string? sweepId) =>
        Assert.Equal(sweepId, SweepTrialNotifier.SweepIdOf(trialId));
}
