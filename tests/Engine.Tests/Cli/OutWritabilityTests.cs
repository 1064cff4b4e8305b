using System.Text.Json;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>An --out that cannot be written, or a saved-results folder that cannot be made, is exit 2 before any work starts.</summary>
public sealed class OutWritabilityTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-out-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A path whose folder is a file: no file can be written there, whoever runs the test (root too).</summary>
    private string UnderAFile()
    {
        var file = Path.Combine(_folder, "a-file");
        File.WriteAllText(file, "not a folder");
        return Path.Combine(file, "result.json");
    }

    private string ResultsFile()
    {
        var spec = """{"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10]},"optimizer":{"kind":"sgd"},"training":{"epochs":5},"search":{"kind":"grid","learningRates":[0.01,0.1]}}""";
        var result = new LocalSweepRunner(1).Run(SpecParser.Parse(spec), "s-0000abcd", TestContext.Current.CancellationToken);
        var path = Path.Combine(_folder, "result.json");
        File.WriteAllText(path, JsonSerializer.Serialize(result, SpecJson.Options));
        return path;
    }

    [Theory]
    [InlineData("train")]
    [InlineData("run")]
    [InlineData("retry")]
    [InlineData("refine")]
    [InlineData("results")]
    public async Task AnOutUnderAFileIsRefusedBeforeAnyWork(string verb)
    {
        var output = UnderAFile();
        string[] args = verb switch
        {
            "train" or "run" => [verb, TestPaths.Example("quadratic-gd-stable.json"), "--out", output],
            "results" => [verb, "s-0000abcd", "--gateway", "127.0.0.1:1", "--out", output],
            _ => [verb, ResultsFile(), "--out", output],
        };
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync(args);
        Assert.True(code == 2, stderr);
        Assert.Equal("", stdout);
        Assert.StartsWith($"error: --out: cannot write \"{output}\": ", stderr.Trim());
        Assert.Single(stderr.Trim().Split('\n'));   // one line: nothing trained, submitted, run or connected before it
    }

    [Fact]
    public async Task AnOutThatIsAFolderIsRefused()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"), "--out", _folder);
        Assert.Equal(2, code);
        Assert.Contains($"--out: cannot write \"{_folder}\": it is a folder", stderr);
    }

    [Fact]
    public async Task AWritableOutLeavesNothingButTheResult()
    {
        var output = Path.Combine(_folder, "new", "trial.json");
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Equal([output], Directory.GetFiles(Path.GetDirectoryName(output)!));
    }

    [Fact]
    public async Task OnATerminalAFolderThatCannotBeMadeIsRefusedBeforeTraining()
    {
        var saved = Path.GetDirectoryName(UnderAFile())!;
        var folder = Path.Combine(saved, "sweep-results");
        var (code, stdout, stderr) = await SweepCliRunner.RunOnTerminalAsync(folder, "train", TestPaths.Example("quadratic-gd-stable.json"));
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains($"cannot save the result under \"{folder}\"", stderr);
        Assert.Contains("pass --out FILE", stderr);
        Assert.DoesNotContain("training", stderr);
    }
}
