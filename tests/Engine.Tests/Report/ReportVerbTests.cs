using SweepCluster.Engine.Search;
using SweepCluster.Engine.Tests.Cli;
using SweepCluster.Engine.Tests.Data;
using SweepCluster.Engine.Tests.Search;

namespace SweepCluster.Engine.Tests.Report;

/// <summary>`sweep report` given a file: no cluster is needed, and every mistake is exit 2 with one message naming it.</summary>
public sealed class ReportVerbTests : IDisposable
{
    // Nothing listens on port 1: a mistake caught after connecting would show as exit 1 instead of 2.
    private const string Nowhere = "127.0.0.1:1";

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string SweepFile()
    {
        var result = new LocalSweepRunner(1).Run(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.01, 0.04, 0.06], "metric": "trainLoss" }"""),
            "s-0000000a", TestContext.Current.CancellationToken);
        return ReportPages.WriteResult(_folder.Path, "sweep", result);
    }

    [Fact]
    public async Task AReportOfAResultsFileIsWrittenWithNoClusterAndSaysWhatItHolds()
    {
        var output = _folder.File("nested/report.html");
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("report", SweepFile(), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        Assert.StartsWith($"wrote {output} (", stderr);
        Assert.EndsWith("3 charts, 3 trials", stderr.TrimEnd());
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html);
        // Self-contained: no script, style or image is loaded from anywhere.
        Assert.DoesNotMatch("<(script|link|img)[^>]+(src|href)=", html);
    }

    [Fact]
    public async Task AReportCarriesTheResultsWarningsForThePageToShowFirst()
    {
        var result = new LocalSweepRunner(1).Run(Sweeps.Quadratic("""{ "kind": "grid", "learningRates": [0.06, 0.1, 1], "metric": "trainLoss" }"""),
            "s-0000000b", TestContext.Current.CancellationToken);
        var output = _folder.File("diverged.html");
        var (code, _, stderr) = await SweepCliRunner.RunAsync("report", ReportPages.WriteResult(_folder.Path, "diverged", result), "--out", output);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"warnings\":[\"every trial of arm 0 (default) diverged: search below 0.06\"]", File.ReadAllText(output));
    }

    [Fact]
    public async Task WithoutOutItIsBadInputNamingTheOption()
    {
        foreach (var target in new[] { SweepFile(), "s-1234abcd" })
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("report", target, "--gateway", Nowhere);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Equal("error: --out: missing; `sweep report` writes one HTML file: give its path, e.g. --out report.html.", stderr.TrimEnd());
        }
    }

    [Theory]
    [InlineData("""{ "name": "a spec", "model": { "kind": "quadratic", "eigenvalues": [1] } }""", "not a result; allowed: a Sweep result (with \"sweepId\"")]
    [InlineData("""[1, 2, 3]""", "not a result; allowed:")]
    [InlineData("""{ "sweepId": "s-1", "trials": [""", "not a Sweep result or a Trial (docs/results.md)")]
    [InlineData("""{ "sweepId": "s-1", "name": "n", "status": "completed", "trials": [], "stages": [], "bestByArm": [] }""", "$.spec: missing")]
    [InlineData("""{ "trialId": "t", "status": "diverged" }""", "$.optimizer: missing")]
    public async Task AFileThatIsNotAResultIsBadInputSayingWhatIsAllowed(string json, string message)
    {
        var file = _folder.Write("not-a-result.json", json);
        var (code, _, stderr) = await SweepCliRunner.RunAsync("report", file, "--out", _folder.File("r.html"));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {file}: ", stderr);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.File("r.html")));
    }

    [Fact]
    public async Task AMissingFileIsBadInputNamingIt()
    {
        var missing = _folder.File("nowhere.json");
        var (code, _, stderr) = await SweepCliRunner.RunAsync("report", missing, "--out", _folder.File("r.html"));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: RESULTS.json: cannot read \"{missing}\"", stderr);
    }

    [Fact]
    public async Task AClusterOptionWithAFileIsBadInput()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("report", SweepFile(), "--gateway", Nowhere, "--out", _folder.File("r.html"));
        Assert.Equal(2, code);
        Assert.Contains("is a results file, which is read in this process; --redis and --gateway are allowed only with a sweep id", stderr);
    }
}
