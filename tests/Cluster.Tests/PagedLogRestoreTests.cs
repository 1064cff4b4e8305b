using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A large sweep whose coordinator is deactivated twice mid-sweep, each time after more pages of its log were sealed:
/// each new activation restores from the pages and the head, and the sweep ends as the undisturbed search, every trial
/// run and logged once.
/// </summary>
public sealed class PagedLogRestoreTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>
{
    // 1,801 quadratic runs of microseconds each (1e-5 … 1e-2, all below 2/L): 3,602 entries, fourteen full pages and a
    // tail, so the sweep is still young when its third page is sealed (with 601 runs a quiet machine finished first).
    private const string Spec =
        """{"name":"pages","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":40},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":600}}""";

    [Fact]
    public async Task ACoordinatorDeactivatedAfterPagesWereSealedRestoresAndEndsAsTheUndisturbedSearch()
    {
        var reference = SweepResults.Reference(Spec);
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-pages"));
        await sweep.Submit(Spec);

        foreach (var pages in new[] { 1, 3 })
        {
            SweepCoordinatorState head = null!;
            await Eventually.HoldsAsync(async () => (head = (await StoredLog.ReadHeadAsync(silo.Storage, silo.Serializer, sweep)).Head).SealedPages >= pages,
                TimeSpan.FromSeconds(60), $"{pages} pages of the log sealed");
            Assert.Equal(SweepPhase.Running, head.Phase);
            // Returns once the activation is gone: whatever comes next (a trial's end notice, this test's call) activates anew.
            await silo.Client.GetGrain<IManagementGrain>(0).DeactivateGrain(sweep.GetGrainId(), TestContext.Current.CancellationToken);
            output.WriteLine($"deactivated with {head.SealedPages} pages sealed and {head.Tail.Count} entries in the tail");
        }

        var result = await SweepResults.EndAsync(sweep, TimeSpan.FromSeconds(90));
        Assert.Equal(SweepPhase.Completed, (await sweep.GetStatus()).Status);
        SweepResults.AssertSameSearch(reference, result);
        Assert.All(result.Trials, t => Assert.Equal(1, silo.Recorder.Count(t.TrialId)));
        var log = await StoredLog.ReadAsync(silo.Storage, silo.Serializer, sweep);
        var keys = result.Trials.Select(t => t.TrialId[(result.SweepId.Length + 1)..]).ToHashSet();
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Issued);
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Reported);
        Assert.Equal(2 * keys.Count / SweepLogStore.PageSize, log.Pages.Count);
    }
}
