using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using Orleans.Storage;
using Orleans.TestingHost;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Hosting;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// The silo of a large sweep's coordinator is killed after pages of its log were sealed in Redis: the coordinator
/// comes back on another silo from the pages and the head, and the sweep ends as the undisturbed search, every trial
/// once in its result and in its log.
/// </summary>
public sealed class PagedLogFailoverTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    // 1,801 quadratic runs (1e-5 … 1e-2, all below 2/L): some 3,600 entries, so the sweep is still young when its
    // second page is sealed even on a quiet machine (a grid of 451 runs could end first).
    private const string Spec =
        """{"name":"pages","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":40},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":600}}""";

    [Fact]
    public async Task ACoordinatorWhoseSiloDiesAfterPagesWereSealedComesBackElsewhereAndEndsAsTheUndisturbedSearch()
    {
        var reference = SweepResults.Reference(Spec);
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(Specs.NewId("s-pages"));
        var submitted = await sweep.Submit(Spec);
        var victim = fixture.Cluster.Silos.First(s => Grains.Load.SiloLoad.AddressOf(s.SiloAddress) == submitted.Silo);
        var survivor = fixture.Cluster.Silos.First(s => s != victim);
        var (storage, serializer) = StoreOf(survivor);

        SweepCoordinatorState head = null!;
        await Eventually.HoldsAsync(async () => (head = (await StoredLog.ReadHeadAsync(storage, serializer, sweep)).Head).SealedPages >= 2,
            TimeSpan.FromSeconds(90), "two pages of the log sealed");
        Assert.Equal(SweepPhase.Running, head.Phase);
        output.WriteLine($"killing {submitted.Silo}, the coordinator's, with {head.SealedPages} pages sealed and {head.Tail.Count} entries in the tail");
        await fixture.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        var result = await SweepResults.EndAsync(sweep, TimeSpan.FromSeconds(120));
        var status = await sweep.GetStatus();
        output.WriteLine($"ended on {status.Silo}: {status.Status}, {status.Issued} runs, best η {status.BestLearningRate}");
        Assert.NotEqual(submitted.Silo, status.Silo);
        SweepResults.AssertSameSearch(reference, result);
        Assert.All(result.Trials, t => Assert.True(fixture.Recorder.Count(t.TrialId) <= 1, $"{t.TrialId} finished twice"));
        var log = await StoredLog.ReadAsync(storage, serializer, sweep);
        var keys = result.Trials.Select(t => t.TrialId[(result.SweepId.Length + 1)..]).ToHashSet();
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Issued);
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Reported);
    }

    private static (IGrainStorage Storage, IGrainStorageSerializer Serializer) StoreOf(InProcessSiloHandle silo) =>
        (silo.ServiceProvider.GetRequiredKeyedService<IGrainStorage>(SweepStorage.Name),
         silo.ServiceProvider.GetRequiredService<IOptionsMonitor<RedisStorageOptions>>().Get(SweepStorage.Name).GrainStorageSerializer);
}
