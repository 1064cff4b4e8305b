using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>The silo of a sweep's coordinator is killed mid-sweep: the sweep resumes elsewhere and runs every trial once.</summary>
public sealed class SweepFailoverTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    // Two stages (3 coarse points, then up to 3 refined) of logistic runs of 1–3 s each on three one-slot silos.
    private static readonly string Spec = Specs.Logistic(300).Replace("}}",
        """},"search":{"kind":"coarse-to-fine","min":0.01,"max":1,"pointsPerDecade":1,"refinements":1,"pointsPerRefinement":3,"metric":"trainLoss"}}""",
        StringComparison.Ordinal);

    [Fact]
    public async Task ASweepWhoseCoordinatorSiloDiesResumesElsewhereAndRunsEveryTrialOnce()
    {
        var id = Specs.NewId("s");
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);
        var before = await sweep.Submit(Spec);
        var victim = fixture.Cluster.Silos.First(s => Grains.Load.SiloLoad.AddressOf(s.SiloAddress) == before.Silo);
        output.WriteLine($"killing {before.Silo}, the coordinator's silo, with {before.Issued} runs issued");
        await fixture.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        // No calls to the sweep: only its reminder or a trial's end notice (SweepTrialNotifier) can bring the
        // coordinator back, and a refined run (stage 1) can only be issued by a resumed coordinator.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var refined = $"{id}/0/1/0";
        await Eventually.HoldsAsync(() => fixture.Recorder.Count(refined) > 0, TimeSpan.FromSeconds(60), "a refined run finished without calls");
        output.WriteLine($"{refined} finished {clock.Elapsed.TotalSeconds:0.0} s after the kill, without calls");
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(),
            TimeSpan.FromSeconds(90), "the sweep ended", every: TimeSpan.FromMilliseconds(500));
        var status = await sweep.GetStatus();
        output.WriteLine($"ended {clock.Elapsed.TotalSeconds:0.0} s after the kill on {status.Silo}: {status.Status}, {status.Issued} runs, best η {status.BestLearningRate}");
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.NotEqual(before.Silo, status.Silo);
        // 3 coarse points, then 3 refined ones (fewer when the best coarse point is at an edge and a neighbour repeats).
        Assert.InRange(status.Issued, 4, 6);

        var report = await sweep.GetResult(includeHistories: false);
        var trials = JsonDocument.Parse(report.Json).RootElement.GetProperty("trials").EnumerateArray().ToArray();
        foreach (var t in trials)
            output.WriteLine($"{t.GetProperty("trialId")}: {t.GetProperty("status")} on {t.GetProperty("silo")}, attempts {t.GetProperty("attempts")}");
        Assert.Equal(status.Issued, trials.Length);
        Assert.Equal(status.Issued, trials.Select(t => t.GetProperty("trialId").GetString()).Distinct().Count());
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
        Assert.All(trials.Select(t => t.GetProperty("trialId").GetString()!), tid => Assert.True(fixture.Recorder.Count(tid) <= 1, $"{tid} finished twice"));
    }
}
