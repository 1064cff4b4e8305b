using System.Text.Json;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>`sweep retry RESULTS.json` and `sweep refine RESULTS.json`: a results file is worked on in this process.</summary>
public sealed class ResultsFileVerbTests : IDisposable
{
    private const string CoarseToFine = """
        {"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":30},
         "search":{"kind":"coarse-to-fine","min":0.001,"max":1,"refinements":1,"pointsPerRefinement":5,"metric":"trainLoss"}}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-results-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string WriteResult(string name, SweepResult result)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, JsonSerializer.Serialize(result, SpecJson.Options));
        return path;
    }

    [Fact]
    public async Task RefiningAResultsFileReusesItsTrialsAndNamesItsParent()
    {
        var parent = new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine), "s-0000abcd", TestContext.Current.CancellationToken);
        var file = WriteResult("parent.json", parent);
        var output = Path.Combine(_folder, "child.json");

        var (code, _, stderr) = await SweepCliRunner.RunAsync("refine", file, "--refinements", "1", "--points", "3", "--out", output);
        Assert.True(code == 0, stderr);
        var child = JsonSerializer.Deserialize<SweepResult>(File.ReadAllText(output), SpecJson.Options)!;
        Assert.Equal("s-0000abcd", child.ParentSweepId);
        Assert.NotEqual(parent.SweepId, child.SweepId);
        Assert.Equal(parent.Trials.Select(t => t.TrialId).Order(), child.Trials.Where(t => t.TrialId.StartsWith("s-0000abcd/", StringComparison.Ordinal)).Select(t => t.TrialId).Order());
        var fresh = child.Trials.Where(t => t.TrialId.StartsWith(child.SweepId + "/", StringComparison.Ordinal)).ToArray();
        Assert.InRange(fresh.Length, 1, 3);
        Assert.True(child.Best!.TrainLoss <= parent.Best!.TrainLoss);
    }

    [Fact]
    public async Task RetryingAResultsFileRerunsOnlyWhatWasCancelled()
    {
        var full = new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine), "s-0000abce", TestContext.Current.CancellationToken);
        var cancelled = full with
        {
            Status = SweepStatus.Cancelled,
            Trials = [.. full.Trials.Select(t => t.Stage == 1 ? t with { Status = TrialStatus.Cancelled } : t)],
        };
        var file = WriteResult("cancelled.json", cancelled);

        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("retry", file);
        Assert.True(code == 0, stderr);
        var retried = JsonSerializer.Deserialize<SweepResult>(stdout, SpecJson.Options)!;
        Assert.Equal(SweepStatus.Completed, retried.Status);
        Assert.Equal(full.Best!.LearningRate, retried.Best!.LearningRate);
        Assert.All(retried.Trials, t => Assert.Equal(t.Stage == 1 ? 2 : 1, t.Attempts));
    }

    [Theory]
    [InlineData("retry")]
    [InlineData("refine")]
    public async Task AMissingResultsFileIsBadInputNamingIt(string verb)
    {
        var missing = Path.Combine(_folder, "nowhere.json");
        var (code, _, stderr) = await SweepCliRunner.RunAsync(verb, missing);
        Assert.Equal(2, code);
        Assert.Contains(missing, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClusterOptionWithAResultsFileIsBadInput()
    {
        var file = WriteResult("r.json", new LocalSweepRunner(1).Run(SpecParser.Parse(CoarseToFine), "s-0000abcf", TestContext.Current.CancellationToken));
        var (code, _, stderr) = await SweepCliRunner.RunAsync("retry", file, "--gateway", "127.0.0.1:30000");
        Assert.Equal(2, code);
        Assert.Contains("results file", stderr, StringComparison.Ordinal);
    }
}
