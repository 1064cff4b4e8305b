using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>`sweep run` through an embedded silo (the default), against the in-process reference runner.</summary>
public sealed class RunVerbTests
{
    private const string CoarseToFine = """
        {"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":30},
         "search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":2,"pointsPerRefinement":5,"metric":"trainLoss"}}
        """;

    [Fact]
    public async Task RunWithNoServerFindsTheSameBestRateAsTheLocalRunner()
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-run-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CoarseToFine);
        try
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("run", path);
            Assert.True(code == 0, stderr);
            using var result = JsonDocument.Parse(stdout);
            var root = result.RootElement;
            Assert.Equal("completed", root.GetProperty("status").GetString());
            var expected = new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine), cancel: TestContext.Current.CancellationToken);
            Assert.Equal(expected.Best!.LearningRate, root.GetProperty("best").GetProperty("learningRate").GetDouble());
            var ids = root.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()).ToArray();
            Assert.Equal(expected.Trials.Count, ids.Length);
            Assert.Equal(ids.Length, ids.Distinct().Count());
            Assert.Contains("completed: 12 done", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task RunWithNoServerRunsTheMnistCoarseToFineExampleAsTheLocalRunnerDoes()
    {
        var path = TestPaths.Example("mnist-coarse-to-fine.json");
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("run", path);
        Assert.True(code == 0, stderr);
        var result = JsonSerializer.Deserialize<SweepResult>(stdout, SpecJson.Options)!;
        // The same sweep id, so that the reference's trial ids are the command's.
        var expected = new LocalSweepRunner().Run(SpecParser.Parse(File.ReadAllText(path)), result.SweepId, TestContext.Current.CancellationToken);
        Assert.Equal(SweepStatus.Completed, result.Status);
        // Every run once, each with the reference's outcome (training is deterministic), and the same best η.
        Assert.Equal(result.Trials.Count, result.Trials.Select(t => t.TrialId).Distinct().Count());
        Assert.Equal(Outcomes(expected), Outcomes(result));
        Assert.Equal(expected.Best!.LearningRate, result.Best!.LearningRate);
    }

    /// <summary>`submit` checks the spec exactly as `run` does. Nothing listens on port 1: a check after connecting would be exit 1.</summary>
    [Theory]
    [InlineData("run")]
    [InlineData("submit")]
    public async Task ABadSpecIsRefusedWithExitCode2BeforeAnythingStarts(string verb)
    {
        var path = Path.Combine(Path.GetTempPath(), $"sweep-run-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, CoarseToFine.Replace("\"min\":0.001", "\"min\":-1", StringComparison.Ordinal));
        try
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync(verb, path, "--gateway", "127.0.0.1:1");
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Contains("search.min", stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task NoClusterAtTheGatewayIsOneClearLineAndExitCode1()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("run", TestPaths.Example("quadratic-gd-stable.json"), "--gateway", "127.0.0.1:1");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: ", stderr.Trim());
        Assert.DoesNotContain("   at ", stderr);
    }

    private static IEnumerable<(string, double, TrialStatus, double?)> Outcomes(SweepResult result) =>
        result.Trials.Select(t => (t.TrialId, t.LearningRate, t.Status, t.ValidationLoss)).Order();
}
