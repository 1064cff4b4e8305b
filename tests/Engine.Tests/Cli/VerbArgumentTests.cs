namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// The verbs about a sweep that outlives the command, where no cluster is needed: user mistakes are exit 2 before
/// anything is connected to, and no cluster is one line and exit 1. Their work against a silo is in Cluster.Tests.
/// </summary>
public sealed class VerbArgumentTests
{
    // Nothing listens on port 1: a mistake caught after connecting would show as exit 1 instead of 2.
    private const string Nowhere = "127.0.0.1:1";

    private static readonly string[][] Verbs =
    [
        ["submit", TestPaths.Example("quadratic-gd-stable.json")],
        ["watch", "s-1234abcd"],
        ["status", "s-1234abcd"],
        ["list"],
        ["results", "s-1234abcd"],
        ["cancel", "s-1234abcd"],
        ["logs", "s-1234abcd", "0/0/0"],
        ["retry", "s-1234abcd"],
        ["refine", "s-1234abcd"],
        ["report", "s-1234abcd", "--out", "report.html"],
    ];

    public static TheoryData<string[]> StandingVerbs => new(Verbs);

    [Theory]
    [MemberData(nameof(StandingVerbs))]
    public async Task NoSiloAnsweringIsOneLineThatSaysHowToStartOne(string[] verb)
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync([.. verb, "--gateway", Nowhere]);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: No Sweep silo answers at {Nowhere} (", line);
        Assert.Contains("`dotnet run --project src/Silo`", line);
        // An embedded silo would hold no sweep of another command: not advice for these verbs.
        Assert.DoesNotContain("--local", line);
    }

    [Theory]
    [MemberData(nameof(StandingVerbs))]
    public async Task LocalIsRefusedBecauseAnEmbeddedSiloEndsWithTheCommand(string[] verb)
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync([.. verb, "--local"]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: --local is not allowed for `sweep {verb[0]}`", stderr);
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("-1")]
    [InlineData("NaN")]
    [InlineData("1e9")]
    public async Task AWaitThatIsNotANumberOfSecondsIsExit2BeforeAnythingIsConnected(string value)
    {
        foreach (var verb in Verbs)
        {
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync([.. verb, "--gateway", Nowhere, "--wait-seconds", value]);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Equal($"error: --wait-seconds: \"{value}\" is not allowed; must be a number of seconds from 0 to 86400, such as 60 (0: give up at the first fault).", stderr.TrimEnd());
        }
    }

    [Fact]
    public async Task ALogsTrialOfAnotherSweepIsExit2NamingTrial()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("logs", "s-1234abcd", "s-99999999/0/1/2", "--gateway", Nowhere);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("error: TRIAL: \"s-99999999/0/1/2\" is a trial of another sweep than s-1234abcd; give one of its trials, or its key (0/1/2).", stderr.TrimEnd());
    }

    [Fact]
    public async Task AnUnknownResultsFormatIsExit2NamingTheAllowedOnes()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("results", "s-1234abcd", "--format", "xml", "--gateway", Nowhere);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal("error: --format: \"xml\" is not allowed; allowed: json, csv.", stderr.TrimEnd());
    }

    [Theory]
    [InlineData("--refinements", "0")]
    [InlineData("--refinements", "two")]
    [InlineData("--points", "-3")]
    [InlineData("--points", "1.5")]
    public async Task RefineNeedsWholeNumbersOfAtLeastOne(string option, string value)
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("refine", "s-1234abcd", option, value, "--gateway", Nowhere);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {option}: \"{value}\" is not allowed; must be a whole number of at least 1", stderr);
    }

    [Fact]
    public async Task ATrialIdGivenForASweepIdNamesItsSweep()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("status", "s-1234abcd/0/1/2", "--gateway", Nowhere);
        Assert.Equal(2, code);
        Assert.Contains("its sweep is \"s-1234abcd\"", stderr);
    }
}
