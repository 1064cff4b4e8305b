namespace SweepCluster.Engine.Tests.Cli;

/// <summary>`--help` points at the reference in the repository's docs/ folder, which every clone has.</summary>
public sealed class HelpTextTests
{
    private static readonly string[] Verbs = ["train", "validate", "run", "submit", "watch", "status", "list", "results", "cancel", "retry", "refine", "report"];

    [Fact]
    public async Task TheRootHelpNamesTheReferenceFilesAndEachOfThemExists()
    {
        var (code, stdout, _) = await SweepCliRunner.RunAsync("--help");
        Assert.Equal(0, code);
        foreach (var doc in new[] { "docs/cli.md", "docs/spec.md", "docs/results.md", "docs/metrics.md" })
        {
            Assert.Contains(doc, stdout);
            Assert.True(File.Exists(Path.Combine(TestPaths.RepoRoot, doc)), doc);
        }
        Assert.Contains("./sweep-results/", stdout);
    }

    [Fact]
    public async Task NoHelpPointsOutsideTheRepository()
    {
        foreach (var verb in Verbs.Prepend(""))
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync(verb.Length == 0 ? ["--help"] : [verb, "--help"]);
            Assert.True(code == 0, $"{verb}: {stderr}");
            Assert.DoesNotContain("CONTRACT", stdout);
            Assert.DoesNotContain("../shared", stdout);
        }
    }

    [Fact]
    public async Task RefineHelpGivesTheDefaultsTheCodeUses()
    {
        var (_, stdout, _) = await SweepCliRunner.RunAsync("refine", "--help");
        Assert.Contains("the parent's search.refinements, at least 1; 2 after a grid", stdout);
        Assert.Contains("the parent's search.pointsPerRefinement; 5 after a grid", stdout);
    }

    [Fact]
    public async Task TheSpecArgumentPointsAtTheSpecReference()
    {
        var (_, stdout, _) = await SweepCliRunner.RunAsync("run", "--help");
        Assert.Contains("docs/spec.md", stdout);
        Assert.Contains("checked before any work starts", stdout);
    }
}
