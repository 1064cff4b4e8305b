using System.Diagnostics;
using System.Globalization;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// The hostile corpus (<see cref="HostileInputs"/>: mutated specs, broken and lying data files, special files, resource
/// bombs) through `sweep validate`, `sweep train` and the silo's submit-time parse with a data root. Every one is
/// answered with an exit code of 0, 1 or 2 and a short message, never an exception's name or a stack frame, and the
/// process that answers them all stays under <see cref="MaxResidentBytes"/>. The corpus runs in a process of its own
/// (this test binary, asked for this one test), so that the peak measured is the corpus's, not other tests'.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output)
{
    private const long MaxResidentBytes = 1_500L << 20;
    private const string ChildVariable = "SWEEP_HOSTILE_CORPUS_CHILD";

    [Fact]
    public async Task EveryHostileSpecAndDataFileIsAnsweredClearlyWithinBoundedMemory()
    {
        if (Environment.GetEnvironmentVariable(ChildVariable) == "1")
        {
            await RunCorpusAsync();
            return;
        }
        var method = $"{typeof(HostileInputTests).FullName}.{nameof(EveryHostileSpecAndDataFileIsAnsweredClearlyWithinBoundedMemory)}";
        var start = new ProcessStartInfo("dotnet", ["exec", typeof(HostileInputTests).Assembly.Location, "-method", method, "-noColor", "-showLiveOutput"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment = { [ChildVariable] = "1" },
        };
        using var child = Process.Start(start)!;
        var stdout = child.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await child.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromMinutes(5), TestContext.Current.CancellationToken);
        var text = await stdout + await stderr;
        output.WriteLine(text.Length > 20_000 ? text[^20_000..] : text);
        Assert.True(child.ExitCode == 0, $"the corpus's process exited {child.ExitCode}:\n{(text.Length > 6000 ? text[^6000..] : text)}");
        Assert.Contains("Total: 1, Errors: 0, Failed: 0", text);
    }

    private async Task RunCorpusAsync()
    {
        using var folder = new Spec.TempDirectory();
        var root = Path.Combine(folder.Path, "root");
        var clock = Stopwatch.StartNew();
        var inputs = HostileInputs.Build(folder.Path, root, mutationStride: 4);
        output.WriteLine($"built {inputs.Count} hostile inputs in {clock.Elapsed.TotalSeconds:F1} s");
        var problems = new List<string>();
        var refused = 0;
        foreach (var input in inputs)
        {
            var validate = await SweepCliRunner.RunAsync("validate", input.SpecPath);
            refused += validate.ExitCode == 2 ? 1 : 0;
            problems.AddRange(Judge(input, "validate", validate));
            if (!input.ValidateOnly)
                problems.AddRange(Judge(input, "train", await SweepCliRunner.RunAsync("train", input.SpecPath)));
            problems.AddRange(Submitted(input, root));
        }
        var peak = PeakResidentBytes();
        output.WriteLine($"{inputs.Count} inputs ({refused} refused by validate) in {clock.Elapsed.TotalSeconds:F1} s; peak resident {peak >> 20:N0} MB");
        Assert.True(inputs.Count >= 600, $"only {inputs.Count} inputs");
        Assert.True(problems.Count == 0, $"{problems.Count} answered badly:\n" + string.Join("\n", problems.Take(40)));
        Assert.True(peak < MaxResidentBytes, $"peak resident {peak >> 20:N0} MB, more than {MaxResidentBytes >> 20:N0} MB");
    }

    private static IEnumerable<string> Judge(HostileInput input, string verb, (int ExitCode, string Stdout, string Stderr) run)
    {
        var (code, _, stderr) = run;
        var what = $"{verb} {input.Name} → exit {code}";
        if (code is not (0 or 1 or 2)) yield return $"{what}: an exit code outside 0, 1, 2";
        if (stderr.Contains("Exception", StringComparison.Ordinal) || stderr.Contains("   at ", StringComparison.Ordinal))
            yield return $"{what}: an exception's name or a stack frame: {Shorten(stderr)}";
        if (input.Outcome == HostileOutcome.Refused && code != 2) yield return $"{what}: expected exit 2: {Shorten(stderr)}";
        if (code == 0) yield break;
        // The refusal itself: a few lines of at most a few hundred characters each (validate lists each problem on its line).
        var message = Message(verb, stderr);
        var lines = message.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (message.Length == 0) yield return $"{what}: no message";
        if (lines.Length > 12 || lines.Any(l => l.Length > 600)) yield return $"{what}: a message of {lines.Length} lines, {message.Length} characters: {Shorten(message)}";
        if (input.Mentions is { } mention && !message.Contains(mention, StringComparison.OrdinalIgnoreCase))
            yield return $"{what}: the message does not mention {mention}: {Shorten(message)}";
    }

    /// <summary>What a silo does at submit: parse with its data root; a file outside it must be refused naming the option.</summary>
    private static IEnumerable<string> Submitted(HostileInput input, string root)
    {
        string? message = null;
        try
        {
            SpecParser.Parse(File.ReadAllText(input.SpecPath), dataRoot: root);
        }
        catch (InputException e)
        {
            message = e.Message;
        }
        catch (Exception e)
        {
            return [$"submit {input.Name}: {e.GetType().Name}: {Shorten(e.Message)}"];
        }
        if (input.OutsideRoot && (message is null || !message.Contains("--data-root", StringComparison.Ordinal) && !message.Contains("device or kernel file", StringComparison.Ordinal)))
            return [$"submit {input.Name}: not refused for its data root: {Shorten(message ?? "accepted")}"];
        return message is not null && message.Length > 4000 ? [$"submit {input.Name}: a message of {message.Length} characters"] : [];
    }

    // Train's stderr also carries its progress; the refusal is what follows "error:".
    private static string Message(string verb, string stderr)
    {
        var at = stderr.IndexOf("error:", StringComparison.Ordinal);
        return verb == "train" && at >= 0 ? stderr[at..] : stderr;
    }

    private static long PeakResidentBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300].ReplaceLineEndings(" ⏎ ") + "…" : text.ReplaceLineEndings(" ⏎ ");
}
