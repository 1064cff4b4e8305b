using SweepCluster.Engine.Tests.Cli;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>
/// Searches beyond η are parsed and validated, but the cluster does not run them yet: run and submit refuse such a spec
/// with one line and exit 2 before connecting anywhere, while validate accepts it.
/// </summary>
public sealed class NotYetRunTests
{
    [Theory]
    [InlineData(SearchParametersTests.TpeExample, "search.kind \"tpe\"")]
    [InlineData("""{ "kind": "random", "trials": 3, "parameters": { "learningRate": { "min": 0.01, "max": 1 } } }""", "search.kind \"random\"")]
    [InlineData("""{ "kind": "grid", "parameters": { "learningRate": { "values": [0.01, 0.1] } } }""", "search.parameters")]
    [InlineData("""{ "kind": "coarse-to-fine", "repeats": 3 }""", "search.repeats (3)")]
    [InlineData("""{ "kind": "coarse-to-fine", "earlyStopping": { "kind": "median" } }""", "search.earlyStopping kind \"median\"")]
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
            Assert.Contains($"{feature} is parsed and validated, but sweeps with it are not run yet", line);
        }
    }
}
