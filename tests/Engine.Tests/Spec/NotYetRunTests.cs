using SweepCluster.Engine.Tests.Cli;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>
/// Repeats of a search over η in stages are parsed and validated, but the cluster does not run them yet: run and submit
/// refuse such a spec with one line and exit 2 before connecting anywhere, while validate accepts it.
/// </summary>
public sealed class NotYetRunTests
{
    [Theory]
    [InlineData("""{ "kind": "coarse-to-fine", "repeats": 3 }""", "search.repeats (3) with a search over η in stages")]
    [InlineData("""{ "kind": "lr-finder-then-grid", "repeats": 2 }""", "search.repeats (2) with a search over η in stages")]
    public async Task RunAndSubmitRefuseWhatValidateAccepts(string search, string feature)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("beyond.json", Specs.Object(Specs.ContractExample).With("search", search).ToJsonString());

        var (validated, stdout, _) = await SweepCliRunner.RunAsync("validate", path);
        Assert.Equal(0, validated);
        Assert.Contains("valid", stdout);
        foreach (var verb in new[] { "run", "submit" })
        {
            // A gateway nobody listens on: the refusal must come before any connection is tried.
            var (code, output, stderr) = await SweepCliRunner.RunAsync(verb, path, "--gateway", "127.0.0.1:1");
            Assert.Equal(2, code);
            Assert.Equal("", output);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(feature, line);
            Assert.Contains("is parsed and validated, but sweeps with it are not run yet", line);
        }
    }
}
