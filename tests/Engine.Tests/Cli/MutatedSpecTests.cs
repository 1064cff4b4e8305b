using System.Text;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// Thousands of broken specs derived from the examples (<see cref="SpecMutations"/>), each through `sweep validate`:
/// exit 2 with a short message that names the field, never a stack trace, never a hang; or, where the change can be
/// allowed (a zero momentum), exit 0.
/// </summary>
public sealed class MutatedSpecTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task EveryBrokenSpecDerivedFromTheExamplesIsRefusedWithAMessageNamingItsField()
    {
        using var folder = new Spec.TempDirectory();
        // The examples' data files, found next to each mutated spec as next to its example.
        foreach (var data in Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples", "data")))
            folder.Write(Path.Combine("data", Path.GetFileName(data)), File.ReadAllBytes(data));
        var mutations = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.json").Order()
            .SelectMany(path => SpecMutations.Of(Path.GetFileName(path), File.ReadAllText(path)))
            .ToArray();
        var refused = 0;
        var problems = new List<string>();
        foreach (var (mutation, i) in mutations.Select((m, i) => (m, i)))
        {
            var path = folder.Write($"m{i}.json", mutation.Bytes);
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync("validate", path).WaitAsync(Patience, TestContext.Current.CancellationToken);
            var what = $"{mutation.Example} {mutation.Description} → exit {code}";
            if (code == 2)
            {
                refused++;
                if (Problem(stderr, mutation) is { } problem) problems.Add($"{what}: {problem}: {Shorten(stderr)}");
            }
            else if (code != 0 || mutation.Expectation == Expectation.Refused)
            {
                problems.Add($"{what}: expected exit 2: {Shorten(stdout + stderr)}");
            }
            File.Delete(path);
        }
        output.WriteLine($"{mutations.Length} mutated specs from the examples, {refused} refused with exit 2, {mutations.Length - refused} still valid");
        Assert.True(mutations.Length >= 1000, $"only {mutations.Length} mutations");
        Assert.True(problems.Count == 0, $"{problems.Count} of {mutations.Length} were answered badly:\n" + string.Join("\n", problems.Take(40)));
    }

    [Fact]
    public async Task ASpecFileOfAHundredMegabytesIsRefusedBeforeItIsRead()
    {
        using var folder = new Spec.TempDirectory();
        var path = folder.File("huge.json");
        await using (var file = File.Create(path))
        {
            await file.WriteAsync("{\"name\": \""u8.ToArray(), TestContext.Current.CancellationToken);
            var block = Encoding.UTF8.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 100; i++) await file.WriteAsync(block, TestContext.Current.CancellationToken);
            await file.WriteAsync("\"}"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        var (code, _, stderr) = await SweepCliRunner.RunAsync("validate", path).WaitAsync(Patience, TestContext.Current.CancellationToken);

        Assert.Equal(2, code);
        Assert.Contains("more than the limit", stderr);
        Assert.Null(Problem(stderr, new SpecMutation("huge", "100 MB", [], Expectation.Refused, "$")));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("train")]
    public async Task TheVerbsThatTrainRefuseABrokenSpecTheSameWay(string verb)
    {
        using var folder = new Spec.TempDirectory();
        var example = File.ReadAllText(TestPaths.Example("mnist-coarse-to-fine.json"));
        var broken = SpecMutations.Of("mnist-coarse-to-fine.json", example).Where(m => m.Expectation == Expectation.Refused).Where((_, i) => i % 25 == 0).ToArray();
        Assert.NotEmpty(broken);
        foreach (var (mutation, i) in broken.Select((m, i) => (m, i)))
        {
            var path = folder.Write($"b{i}.json", mutation.Bytes);
            string[] args = verb == "run" ? ["run", path, "--local"] : ["train", path, "--learning-rate", "0.1"];
            var (code, stdout, stderr) = await SweepCliRunner.RunAsync(args).WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.True(code == 2, $"{mutation.Description}: exit {code}: {Shorten(stderr)}");
            Assert.Equal("", stdout);
            Assert.True(Problem(stderr, mutation) is null, $"{mutation.Description}: {Problem(stderr, mutation)}: {Shorten(stderr)}");
        }
    }

    /// <summary>What is wrong with the message of a refused spec, or null when it is a good one.</summary>
    private static string? Problem(string stderr, SpecMutation mutation)
    {
        if (stderr.Contains("Exception", StringComparison.Ordinal) || stderr.Contains("   at ", StringComparison.Ordinal)) return "a stack trace or exception name";
        if (string.IsNullOrWhiteSpace(stderr)) return "no message";
        if (stderr.Length > 4000) return $"a message of {stderr.Length} characters";
        // The path, or its parent (a removed required field is named at its section; a list item by its list).
        var named = mutation.Path == "$" ? stderr.Contains('$') : Prefixes(mutation.Path).Any(p => stderr.Contains(p + ":", StringComparison.Ordinal) || stderr.Contains(p + ".", StringComparison.Ordinal) || stderr.Contains(p + "[", StringComparison.Ordinal));
        return named ? null : $"the message does not name {mutation.Path}";
    }

    private static IEnumerable<string> Prefixes(string path)
    {
        for (var p = path; p.Length > 1; p = p[..p.LastIndexOfAny(['.', '['])]) yield return p;
        yield return "$";
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text.ReplaceLineEndings(" ⏎ ");
}
