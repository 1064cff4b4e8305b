using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A TPE sweep whose coordinator's silo is killed resumes from its log in Redis elsewhere, runs every trial once, and
/// proposes the configurations an undisturbed run proposes.
/// </summary>
public sealed class TpeFailoverTests(ThreeSiloCluster fixture, ITestOutputHelper output) : IClassFixture<ThreeSiloCluster>
{
    // Sixteen logistic runs of a fraction of a second to a few seconds each, three at a time on three one-slot silos.
    // Proposal c sees the ends of configurations up to c − 3: from proposal 12 on, ten have ended and TPE models them.
    private static readonly string Spec = Specs.Logistic(100).Replace("}}",
        """},"search":{"kind":"tpe","trials":16,"seed":3,"concurrency":3,"metric":"trainLoss","parameters":{"learningRate":{"min":0.001,"max":1,"log":true},"optimizer.momentum":{"min":0,"max":0.9}}}}""",
        StringComparison.Ordinal);

    [Fact]
    public async Task ATpeSweepWhoseCoordinatorSiloDiesResumesAndProposesWhatAnUndisturbedRunProposes()
    {
        var id = Specs.NewId("s");
        var sweep = fixture.Client.GetGrain<ISweepCoordinatorGrain>(id);
        var before = await sweep.Submit(Spec);
        var victim = fixture.Cluster.Silos.First(s => Grains.Load.SiloLoad.AddressOf(s.SiloAddress) == before.Silo);
        output.WriteLine($"killing {before.Silo}, the coordinator's silo, with {before.Issued} runs issued");
        await fixture.Cluster.KillSiloAsync(victim, TestContext.Current.CancellationToken);

        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(),
            TimeSpan.FromSeconds(60), "the sweep ended", every: TimeSpan.FromMilliseconds(500));
        var status = await sweep.GetStatus();
        output.WriteLine($"ended on {status.Silo}: {status.Status} {status.Error}, {status.Issued} runs, best η {status.BestLearningRate}");
        Assert.Equal(SweepPhase.Completed, status.Status);
        Assert.NotEqual(before.Silo, status.Silo);

        var result = JsonDocument.Parse((await sweep.GetResult(includeHistories: false)).Json).RootElement;
        var trials = result.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(16, trials.Length);
        Assert.All(trials.Select(t => t.GetProperty("trialId").GetString()!), tid => Assert.True(fixture.Recorder.Count(tid) <= 1, $"{tid} finished twice"));

        // The undisturbed run: the same search in one process, whose trials train to the same figures.
        var local = new LocalSweepRunner(2).Run(SpecParser.Parse(Spec), id, TestContext.Current.CancellationToken);
        var expected = local.Trials.ToDictionary(t => t.TrialId, t => Describe(t.Parameters!.ToDictionary(p => p.Key, p => p.Value.ToString())));
        foreach (var t in trials)
        {
            var tid = t.GetProperty("trialId").GetString()!;
            var ran = Describe(t.GetProperty("parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
            output.WriteLine($"{tid}: {t.GetProperty("status")} on {t.GetProperty("silo")}, attempts {t.GetProperty("attempts")}: {ran}");
            Assert.Equal(expected[tid], ran);
        }
        Assert.Equal(local.Best!.TrialId, result.GetProperty("best").GetProperty("trialId").GetString());
    }

    private static string Describe(Dictionary<string, string> parameters) => string.Join(", ", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
