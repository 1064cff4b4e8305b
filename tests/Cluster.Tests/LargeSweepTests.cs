using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A sweep of a thousand trials through the coordinator grain: every trial runs and is reported once, and the
/// coordinator's persisted log stays a log (requests and outcomes), the histories staying with the trials.
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
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromMinutes(3), "the sweep ended", TimeSpan.FromMilliseconds(250));
        output.WriteLine($"{Trials} trials in {clock.Elapsed.TotalSeconds:F1} s");

        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.Equal(Trials, status.Issued);
        Assert.Equal(Trials, status.Counts.GetValueOrDefault(TrialPhase.Completed));
        var trialIds = Enumerable.Range(0, Trials).Select(i => $"{id}/0/0/{i}").ToArray();
        Assert.All(trialIds, t => Assert.Equal(1, silo.Recorder.Count(t)));

        var log = await silo.ReadStateAsync<SweepCoordinatorState>(sweep, "sweep");
        Assert.Equal(Trials, log.Finished.Count);
        Assert.All(log.Finished.Values, outcome => Assert.False(JsonDocument.Parse(outcome).RootElement.TryGetProperty("history", out _)));
        var logBytes = silo.Serializer.Serialize(log).ToMemory().Length;

        var trialStates = await Task.WhenAll(trialIds.Select(t => silo.ReadStateAsync<TrialGrainState>(silo.Client.GetGrain<ITrialGrain>(t), "trial")));
        Assert.All(trialStates, t => Assert.Equal(Epochs, JsonDocument.Parse(t.ResultJson!).RootElement.GetProperty("history").GetProperty("epochs").GetArrayLength()));
        var resultBytes = trialStates.Sum(t => (long)Encoding.UTF8.GetByteCount(t.ResultJson!));
        output.WriteLine($"coordinator state {logBytes:N0} B ({logBytes / Trials:N0} B a trial); trial results {resultBytes:N0} B ({resultBytes / Trials:N0} B a trial)");

        Assert.True(logBytes < Trials * 1000, $"the coordinator's state is {logBytes:N0} B, over 1 KB a trial");
        Assert.True(resultBytes > 4 * logBytes, $"the trials' results ({resultBytes:N0} B) should dwarf the coordinator's log ({logBytes:N0} B)");
    }
}
