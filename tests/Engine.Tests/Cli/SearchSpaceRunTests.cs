using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>`sweep run --local` (an embedded silo: the coordinator grain and trial grains) of searches over parameters.</summary>
public sealed class SearchSpaceRunTests
{
    private const string Tpe = """
        {"name":"tpe","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":10},
         "search":{"kind":"tpe","trials":20,"seed":1,"concurrency":2,"metric":"trainLoss",
                   "parameters":{"learningRate":{"min":0.001,"max":0.1,"log":true},"optimizer.momentum":{"min":0,"max":0.9}}}}
        """;

    [Fact]
    public async Task ATpeSweepRunsEveryConfigurationTheLocalRunnerProposesWithItsParameters()
    {
        var result = await RunAsync(Tpe);
        var local = new LocalSweepRunner(2).Run(SpecParser.Parse(Tpe), result.SweepId, TestContext.Current.CancellationToken);

        Assert.Equal(SweepStatus.Completed, result.Status);
        Assert.Equal(20, result.Trials.Count);
        Assert.All(result.Trials, t =>
        {
            Assert.Equal(t.LearningRate, t.Parameters!["learningRate"].Number);
            Assert.InRange(t.Parameters["optimizer.momentum"].Number, 0, 0.9);
            Assert.Equal(t.Parameters["optimizer.momentum"].Number, ((SgdSpec)t.Optimizer).Momentum);
        });
        // The proposals depend on the ends alone, not on when they came: the cluster and the local runner agree.
        Assert.Equal(Configurations(local), Configurations(result));
        Assert.Equal(local.Best!.TrialId, result.Best!.TrialId);
        Assert.Equal(20, result.Groups!.Count);
        Assert.Single(result.Stages);
    }

    [Fact]
    public async Task RepeatsTrainEachConfigurationWithItsOwnSeedAndAreRankedByTheirMean()
    {
        var result = await RunAsync("""
            {"name":"repeats","data":{"source":"mnist","trainSize":400,"validationSize":200},"model":{"kind":"softmax"},"optimizer":{"kind":"sgd"},
             "training":{"epochs":1,"batchSize":32,"seed":4},
             "search":{"kind":"grid","repeats":3,"parameters":{"learningRate":{"values":[0.05,0.5]},"optimizer.momentum":{"values":[0,0.9]}}}}
            """);

        Assert.Equal(12, result.Trials.Count);
        Assert.Equal(4, result.Groups!.Count);
        foreach (var group in result.Groups)
        {
            var trials = group.TrialIds.Select(id => result.Trials.Single(t => t.TrialId == id)).ToArray();
            Assert.Equal(3, group.N);
            Assert.Equal(trials.Average(t => t.ValidationLoss!.Value), group.Mean!.Value, 12);
            var mean = group.Mean.Value;
            Assert.Equal(Math.Sqrt(trials.Sum(t => Math.Pow(t.ValidationLoss!.Value - mean, 2)) / 2), group.Std!.Value, 12);
            Assert.Equal(3, trials.Select(t => t.ValidationLoss).Distinct().Count());
            Assert.All(trials, t => Assert.Equal(group.Parameters["optimizer.momentum"], t.Parameters!["optimizer.momentum"]));
        }
        var best = result.Groups.MinBy(g => g.Mean)!;
        Assert.Contains(result.Best!.TrialId, best.TrialIds);
    }

    [Fact]
    public async Task MedianStoppingStopsATrialWorseThanTheMedianOfTheOthers()
    {
        var result = await RunAsync("""
            {"name":"median","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
             "training":{"epochs":8},
             "search":{"kind":"grid","learningRates":[0.01,0.02,0.03,0.04,0.049],"metric":"trainLoss","concurrency":1,
                       "earlyStopping":{"kind":"median","warmupEpochs":2,"minTrials":4}}}
            """);

        var stopped = Assert.Single(result.Trials, t => t.Status == TrialStatus.Stopped);
        Assert.Equal(0.049, stopped.LearningRate);
        Assert.Equal(3, stopped.EpochsCompleted);
        Assert.Equal(4, result.Trials.Count(t => t.Status == TrialStatus.Completed));
    }

    private static async Task<SweepResult> RunAsync(string spec)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-space-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, spec);
        try
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("run", path, "--local");
            Assert.True(code == 0, stderr);
            return JsonSerializer.Deserialize<SweepResult>(stdout, SpecJson.Options)!;
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string[] Configurations(SweepResult result) =>
        [.. result.Trials.OrderBy(t => t.TrialId, StringComparer.Ordinal).Select(t => $"{t.TrialId} {string.Join(",", t.Parameters!.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))}")];
}
