using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>ASHA across the cluster: trials ask their coordinator at each rung and stop there when it says so.</summary>
public sealed class AshaSweepTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    // One trial at a time, so rung decisions see the trials in the same order as the one-thread local runner's.
    // Rungs at 1, 3 and 9 completed epochs of 27. The grid runs in ascending η; near 2/40 the stiff direction oscillates,
    // so the larger rates do worse at the early rungs than the rates before them, and ASHA stops some.
    private const string Spec =
        """{"name":"asha","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":27},"search":{"kind":"grid","learningRates":[0.02,0.03,0.04,0.045,0.049,0.003,0.001],"metric":"trainLoss","concurrency":1,"earlyStopping":{"kind":"asha","reductionFactor":3,"minEpochs":1}}}""";

    [Fact]
    public async Task TrialsStopAtTheRungsTheLocalRunnerStopsThemAt()
    {
        var local = new LocalSweepRunner(1).Run(SpecParser.Parse(Spec), "local", TestContext.Current.CancellationToken);
        var id = Specs.NewId("s");
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromSeconds(90), "the sweep ended");
        var status = await sweep.GetStatus();
        Assert.Equal(SweepPhase.Completed, status.Status);

        using var json = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json);
        var trials = json.RootElement.GetProperty("trials").EnumerateArray()
            .ToDictionary(t => t.GetProperty("trialId").GetString()!.Replace(id + "/", "", StringComparison.Ordinal));
        foreach (var t in local.Trials)
        {
            var key = t.TrialId.Replace("local/", "", StringComparison.Ordinal);
            var cluster = trials[key];
            output.WriteLine($"{key} η {t.LearningRate:G4}: local {t.Status} after {t.EpochsCompleted} epochs; cluster {cluster.GetProperty("status")} after {cluster.GetProperty("epochsCompleted")}");
            Assert.Equal(t.Status.ToString().ToLowerInvariant(), cluster.GetProperty("status").GetString());
            Assert.Equal(t.EpochsCompleted, cluster.GetProperty("epochsCompleted").GetInt32());
        }
        Assert.Equal(local.Trials.Count, trials.Count);
        var stopped = local.Trials.Where(t => t.Status == TrialStatus.Stopped).ToArray();
        Assert.NotEmpty(stopped);
        Assert.All(stopped, t => Assert.Contains(t.EpochsCompleted, new[] { 1, 3, 9 }));
        Assert.Equal(local.Best!.LearningRate, status.BestLearningRate);
    }
}
