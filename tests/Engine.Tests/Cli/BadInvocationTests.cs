using System.Diagnostics;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// Mistakes on the command line and spec files that cannot be read: exit 2 with one message that names what is wrong,
/// never a stack trace, never a hang (a named pipe with no writer included).
/// </summary>
public sealed class BadInvocationTests
{
    [Theory]
    [InlineData("--bogus", "validate", "{spec}", "--bogus")]
    [InlineData("--bogus", "train", "{spec}", "--bogus")]
    [InlineData("--learning-rate", "train", "{spec}", "--learning-rate", "fast")]
    [InlineData("--format", "results", "s-12345678", "--format", "xml")]
    [InlineData("frobnicate", "frobnicate")]
    [InlineData("Required argument", "train")]
    public async Task AnUnknownOrMalformedOptionOrVerbIsExit2NamingIt(string named, params string[] args)
    {
        var spec = TestPaths.Example("quadratic-gd-stable.json");
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync([.. args.Select(a => a == "{spec}" ? spec : a)]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Contains(named, stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Theory]
    [InlineData("validate")]
    [InlineData("train")]
    [InlineData("run")]
    public async Task ASpecThatIsADirectoryMissingOrUnreadableIsExit2NamingThePath(string verb)
    {
        using var folder = new Spec.TempDirectory();
        string[] paths = [folder.Path, folder.File("missing.json"), "/proc/self/mem"];
        foreach (var path in paths.Where(p => p != "/proc/self/mem" || File.Exists(p)))
        {
            var (code, _, stderr) = await SweepCliRunner.RunAsync(verb, path);
            Assert.True(code == 2, $"{verb} {path}: exit {code}: {stderr}");
            Assert.Contains(path, stderr);
            Assert.DoesNotContain("   at ", stderr);
        }
    }

    [Fact]
    public async Task ASpecThatIsANamedPipeNobodyWritesToIsRefusedInsteadOfWaitingForever()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "mkfifo");
        using var folder = new Spec.TempDirectory();
        var pipe = folder.File("pipe.json");
        using (var mkfifo = Process.Start("mkfifo", [pipe])) await mkfifo.WaitForExitAsync(TestContext.Current.CancellationToken);

        var (code, _, stderr) = await SweepCliRunner.RunAsync("validate", pipe).WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("could not be read within 10 s", stderr);
        // Unblock the reader's open, so its thread ends with the test.
        await using var writer = new FileStream(pipe, FileMode.Open, FileAccess.Write);
    }
}
