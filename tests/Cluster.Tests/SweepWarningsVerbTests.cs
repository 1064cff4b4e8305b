using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// What the verbs say of a sweep with no best: every trial diverged, or its only trial failed. `run` and `watch` end
/// completed (exit 0) with the warnings printed after the progress; `status` names no best and lists the warnings; the
/// Sweep result has a null best and the warnings.
/// </summary>
public sealed class SweepWarningsVerbTests(PrivateVerbCluster cluster, ITestOutputHelper output) : IClassFixture<PrivateVerbCluster>
{
    // 2/L = 0.05: every rate diverges.
    private const string AllDiverge =
        """
        {"name":"all-diverge","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":50},"search":{"kind":"grid","learningRates":[0.06,0.1,1],"metric":"trainLoss"}}
        """;

    private const string Warning = "warning: every trial of arm 0 (default) diverged: search below 0.06";

    [Fact]
    public async Task ASweepWhoseEveryTrialDivergedCompletesWithAWarningAndNoBest()
    {
        var (code, stdout, stderr) = await cluster.SweepAsync("run", cluster.Write("all-diverge.json", AllDiverge));
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        Assert.Contains("completed: 3 done", stderr);
        Assert.DoesNotContain("best η", stderr);
        Assert.EndsWith(Warning, stderr.TrimEnd());
        using var result = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, result.RootElement.GetProperty("best").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.RootElement.GetProperty("bestByArm")[0].ValueKind);
        Assert.Equal(["every trial of arm 0 (default) diverged: search below 0.06"], result.RootElement.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()));
        var sweepId = result.RootElement.GetProperty("sweepId").GetString()!;

        (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains("best: none (no trial completed)", stdout);
        Assert.Contains(Warning, stdout);

        (code, _, stderr) = await cluster.SweepAsync("watch", sweepId);
        Assert.Equal(0, code);
        Assert.EndsWith(Warning, stderr.TrimEnd());

        (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId, "--json");
        Assert.True(code == 0, stderr);
        using var status = JsonDocument.Parse(stdout);
        Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("best").ValueKind);
        Assert.Equal(1, status.RootElement.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task ASweepWhoseOnlyTrialFailedShowsNoBestAndSaysItFailed()
    {
        // Submitted past the command's check of the data, as a file changed after `submit` would be: the trial fails.
        var csv = cluster.Write("broken.csv", "a,b,label\n0.5,oops,1\n0.1,0.2,0\n");
        var sweepId = Specs.NewId("s");
        await using (var client = await cluster.ConnectAsync())
            await client.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).Submit($$$"""
                {"name":"one-fails","data":{"source":"csv","path":{{{JsonSerializer.Serialize(csv)}}},"trainSize":1,"validationSize":1},
                 "model":{"kind":"logistic"},"optimizer":{"kind":"sgd","learningRate":0.1},"search":{"kind":"none"}}
                """);
        var (code, stdout, stderr) = await cluster.SweepAsync("watch", sweepId);
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        Assert.EndsWith("warning: arm 0 (default): 1 of 1 trial failed", stderr.TrimEnd());

        (code, stdout, stderr) = await cluster.SweepAsync("status", sweepId);
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        Assert.Contains("trials: 0 done, 0 running, 1 failed or cancelled", stdout);
        Assert.Contains("best: none (no trial completed)", stdout);
        Assert.Contains("warning: arm 0 (default): 1 of 1 trial failed", stdout);
    }
}
