using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A sweep of a thousand trials through the coordinator grain: every trial runs and is reported once, and the
/// coordinator's persisted log stays a log (requests and outcomes), the histories staying with the trials. The log is
/// paged: the head the coordinator writes on every decision stays under a page whatever the trials, and the pages
/// hold each trial once. The finished trials leave memory as they end.
/// </summary>
public sealed class LargeSweepTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>
{
    private const int Trials = 1000;
    private const int Epochs = 40;

    [Fact]
    public async Task AThousandTrialGridCompletesWithEveryTrialReportedOnceAndNoHistoryInTheCoordinatorsState()
    {
        // 1e-5 … 1e-2 at 333 points a decade, both ends included: 1,000 rates below 2/L = 0.05, so every run converges
        // (forty steps of ½xᵀQx, microseconds of training each).
        var spec =
            """{"name":"large","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":"""
            + Epochs + ""","historyEvery":1},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":333}}""";
        var id = Specs.NewId("s-large");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(id);

        var clock = Stopwatch.StartNew();
        await sweep.Submit(spec);
        // The head as stored while the sweep runs, sampled at every poll: the largest seen, and the most entries in its tail.
        var (largestHead, longestTail) = (0, 0);
        await Eventually.HoldsAsync(async () =>
        {
            var (head, bytes) = await StoredLog.ReadHeadAsync(silo.Storage, silo.Serializer, sweep);
            (largestHead, longestTail) = (Math.Max(largestHead, bytes), Math.Max(longestTail, head.Tail.Count));
            return (await sweep.GetStatus()).Status.IsTerminal();
        }, TimeSpan.FromMinutes(3), "the sweep ended", TimeSpan.FromMilliseconds(250));
        output.WriteLine($"{Trials} trials in {clock.Elapsed.TotalSeconds:F1} s");

        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(Trials, status.Issued);
        Assert.Equal(Trials, status.Counts.GetValueOrDefault(TrialPhase.Completed));
        var keys = Enumerable.Range(0, Trials).Select(i => $"0/0/{i}").ToArray();
        var trialIds = keys.Select(k => $"{id}/{k}").ToArray();
        Assert.All(trialIds, t => Assert.Equal(1, silo.Recorder.Count(t)));
        // A finished trial leaves memory once its end is stored (Orleans would keep it for its collection age): the silo
        // holds the running trials, not every trial of the sweep.
        var management = silo.Client.GetGrain<IManagementGrain>(0);
        var activations = 0;
        await Eventually.HoldsAsync(async () =>
        {
            activations = (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(TrialGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
            return activations <= 10;
        }, TimeSpan.FromSeconds(30), "the finished trials left memory");
        output.WriteLine($"trial activations after the sweep: {activations}");

        var log = await StoredLog.ReadAsync(silo.Storage, silo.Serializer, sweep);
        // Every trial issued once and reported once, nothing else logged: no history can be in it.
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Issued);
        Assert.Equal(keys.ToDictionary(k => k, _ => 1), log.Reported);
        Assert.Equal(2 * Trials, log.Entries.Count());
        // Sealed pages are full and in order; the tail holds the rest.
        Assert.Equal(2 * Trials / SweepLogStore.PageSize, log.Pages.Count);
        Assert.All(log.Pages.Select((p, i) => (p, i)), x => Assert.Equal((x.i, SweepLogStore.PageSize), (x.p.Index, x.p.Entries.Count)));
        var pageBytes = log.Pages.Sum(p => silo.Serializer.Serialize(p).ToMemory().Length);
        var logBytes = log.HeadBytes + pageBytes;

        var trialStates = await Task.WhenAll(trialIds.Select(t => silo.ReadStateAsync<TrialGrainState>(silo.Client.GetGrain<ITrialGrain>(t), "trial")));
        // Each trial's state keeps its figures and its history's last epoch; the history itself is in the results store.
        Assert.All(trialStates, t => Assert.NotNull(t.History));
        Assert.All(trialStates, t => Assert.Equal(1, JsonDocument.Parse(t.ResultJson!).RootElement.GetProperty("history").GetProperty("epochs").GetArrayLength()));
        var resultBytes = trialStates.Sum(t => (long)Encoding.UTF8.GetByteCount(t.ResultJson!));
        output.WriteLine($"coordinator log {logBytes:N0} B ({logBytes / Trials:N0} B a trial): head {log.HeadBytes:N0} B, {log.Pages.Count} pages {pageBytes:N0} B; "
            + $"largest head seen {largestHead:N0} B, longest tail {longestTail}; trial results {resultBytes:N0} B ({resultBytes / Trials:N0} B a trial)");

        Assert.True(logBytes < Trials * 1000, $"the coordinator's log is {logBytes:N0} B, over 1 KB a trial");
        Assert.True(resultBytes > logBytes, $"the trials' figures ({resultBytes:N0} B) should outweigh the coordinator's log ({logBytes:N0} B)");
        // What a decision writes is bounded by the page, not by the trials: the spec, the small fields, under a page of
        // entries of at most 128 B each (an outcome is about 70).
        Assert.InRange(longestTail, 1, SweepLogStore.PageSize - 1);
        var bound = Encoding.UTF8.GetByteCount(log.Head.SpecJson!) + 1024 + (SweepLogStore.PageSize - 1) * 128;
        Assert.True(largestHead <= bound, $"a stored head was {largestHead:N0} B, over the {bound:N0} B a page of entries allows");
    }
}
