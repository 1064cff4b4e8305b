using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>`sweep refine`: a new sweep continues a finished one around its best η, reusing every finished trial.</summary>
public sealed class SweepRefineTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static string CoarseToFine(int refinements) =>
        """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":30},"search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":"""
        + refinements + ""","pointsPerRefinement":5,"metric":"trainLoss"}}""";

    private ISweepCoordinatorGrain Sweep(string id) => fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);

    private async Task<SweepSummary> EndedAsync(ISweepCoordinatorGrain sweep)
    {
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), Patience, "the sweep ended");
        return await sweep.GetStatus();
    }

    [Fact]
    public async Task ARefinementRunsOnlyTheNextStageAndFindsWhatAFullerSearchFinds()
    {
        var fuller = new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine(2)), "local", TestContext.Current.CancellationToken);
        var parentId = Specs.NewId("s");
        await Sweep(parentId).Submit(CoarseToFine(1));
        Assert.Equal(SweepPhase.Completed, (await EndedAsync(Sweep(parentId))).Status);

        var childId = Specs.NewId("s");
        var submitted = await Sweep(childId).Refine(parentId, 1, 5);
        Assert.Equal(SweepPhase.Running, submitted.Status);
        var child = await EndedAsync(Sweep(childId));
        Assert.Equal(SweepPhase.Completed, child.Status);
        Assert.Equal(fuller.Best!.LearningRate, child.BestLearningRate);

        using var json = JsonDocument.Parse((await Sweep(childId).GetResult(includeHistories: false)).Json);
        var root = json.RootElement;
        Assert.Equal(parentId, root.GetProperty("parentSweepId").GetString());
        var ids = root.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()!).ToArray();
        var fresh = ids.Count(i => i.StartsWith(childId + "/", StringComparison.Ordinal));
        var reused = ids.Count(i => i.StartsWith(parentId + "/", StringComparison.Ordinal));
        output.WriteLine($"child {childId}: {reused} trials reused from {parentId}, {fresh} new; best η {child.BestLearningRate}, a fuller search's {fuller.Best.LearningRate}");
        Assert.Equal(fuller.Trials.Count(t => t.Stage == 2), fresh);
        Assert.Equal(fuller.Trials.Count(t => t.Stage < 2), reused);
        Assert.Equal(ids.Length, fresh + reused);

        // Asking again for the same refinement changes nothing; another parent for that id is refused.
        Assert.Equal(child.Issued, (await Sweep(childId).Refine(parentId, 1, 5)).Issued);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Sweep(childId).Refine(Specs.NewId("s"), 1, 5));
    }

    [Fact]
    public async Task AnUnknownParentOrBadNumbersAreRefusedAndNothingIsStored()
    {
        var childId = Specs.NewId("s");
        var unknown = await Assert.ThrowsAsync<InvalidOperationException>(() => Sweep(childId).Refine(Specs.NewId("s"), null, null));
        Assert.Contains("never submitted", unknown.Message, StringComparison.Ordinal);
        var bad = await Assert.ThrowsAsync<ArgumentException>(() => Sweep(childId).Refine(Specs.NewId("s"), 0, null));
        Assert.Contains("refinements: 0", bad.Message, StringComparison.Ordinal);
        Assert.Equal(SweepPhase.None, (await Sweep(childId).GetStatus()).Status);
    }

    [Fact]
    public async Task ARunningParentCannotBeRefined()
    {
        var parentId = Specs.NewId("s");
        await Sweep(parentId).Submit(Specs.Logistic(1_000_000).Replace("}}", """},"search":{"kind":"grid","learningRates":[0.01,0.1]}}""", StringComparison.Ordinal));
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Sweep(Specs.NewId("s")).Refine(parentId, null, null));
            Assert.Contains("still running", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await Sweep(parentId).Cancel();
        }
    }
}
