using System.Text.Json;
using System.Text.RegularExpressions;
using SweepCluster.Client.Console;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// `train` and `run` without --out: JSON on standard output when it is a pipe; on a terminal a short summary, the
/// whole result saved under the saved-results folder; the epoch lines thinned; the last progress line counting the
/// result's own trials.
/// </summary>
public sealed partial class TerminalOutputTests : IDisposable
{
    private const string TwoArms = """
        {"name":"two-arms","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":30},
         "search":{"kind":"grid","min":0.001,"max":0.1,"pointsPerDecade":2,"metric":"trainLoss",
           "arms":[{"name":"plain"},{"name":"momentum","optimizer":{"kind":"sgd","momentum":0.9}}]}}
        """;

    // About twenty epoch lines however long a run is, and its last.
    private const int MostEpochLines = 21;

    private readonly string _folder = Directory.CreateTempSubdirectory("sweep-terminal-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [GeneratedRegex(@"^full result \(JSON\): (?<path>.+)$", RegexOptions.Multiline)]
    private static partial Regex SavedLine();

    private string Saved(string stdout)
    {
        var match = SavedLine().Match(stdout);
        Assert.True(match.Success, stdout);
        return match.Groups["path"].Value.Trim();
    }

    private string WriteSpec(string text)
    {
        var path = Path.Combine(_folder, $"spec-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public async Task TrainOnATerminalPrintsASummaryAndSavesTheTrialUnderTheFolder()
    {
        var saved = Path.Combine(_folder, "saved");
        var (code, stdout, stderr) = await SweepCliRunner.RunOnTerminalAsync(saved, "train", TestPaths.Example("quadratic-gd-stable.json"));
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("{", stdout);
        Assert.True(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length <= 5, stdout);
        Assert.Contains("quadratic-gd-stable (default) at η 0.049: completed, 400 epochs, 400 steps", stdout);
        Assert.Contains("verdict good", stdout);
        Assert.Contains("trainLoss ", stdout);

        var path = Saved(stdout);
        Assert.Matches(@"quadratic-gd-stable-t-[0-9a-f]{8}\.json$", path);
        var file = Assert.Single(Directory.GetFiles(saved));
        Assert.Equal(Path.GetFullPath(file), Path.GetFullPath(path));
        var trial = JsonSerializer.Deserialize<Trial>(File.ReadAllText(file), SpecJson.Options)!;
        Assert.Equal(TrialStatus.Completed, trial.Status);
        Assert.Equal(400, trial.History!.Steps.Count);
    }

    [Fact]
    public async Task TrainThinsItsEpochLinesAndWritesLossesWithSignificantDigits()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("quadratic-gd-stable.json"));
        Assert.True(code == 0, stderr);
        var epochLines = stderr.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        // 400 epochs: every 20th, the last included.
        Assert.Equal(20, epochLines.Length);
        Assert.StartsWith("epoch 20/400 ", epochLines[0]);
        Assert.StartsWith("epoch 400/400 ", epochLines[^1]);
        Assert.DoesNotContain("0.00000", stderr);
        // The loss at epoch 400 is about 1e-8: written with its significant digits.
        Assert.Matches(@"train loss \d\.\d+E-\d+", epochLines[^1]);
    }

    [Fact]
    public async Task TrainOfAHundredThousandEpochsPrintsAboutTwentyEpochLines()
    {
        var spec = WriteSpec("""
            {"name":"long-quadratic","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},
             "optimizer":{"kind":"sgd","learningRate":0.049},"training":{"epochs":100000}}
            """);
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", spec);
        Assert.True(code == 0, stderr);
        var epochLines = stderr.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.InRange(epochLines.Length, 2, MostEpochLines);
        Assert.StartsWith("epoch 100000/100000 ", epochLines[^1]);
    }

    [Theory]
    [InlineData("{training.epochs}", 1000, MostEpochLines)]
    // A program that runs far longer than it is asked: past its epochs, one line a doubling (ten from 20 to 20000).
    [InlineData("20000", 10, MostEpochLines + 10)]
    public async Task TrainOfAProgramThinsItsEpochLinesAndShowsItsLastReport(string epochsArgument, int epochs, int most)
    {
        var example = TestPaths.Example("shell-trainer");
        var spec = WriteSpec($$$"""
            {"name":"long-shell","trainer":{"kind":"command","command":["sh","{{{Path.Combine(example, "train.sh").Replace("\\", "/", StringComparison.Ordinal)}}}","{{{epochsArgument}}}"]},
             "optimizer":{"kind":"sgd","learningRate":0.1},"training":{"epochs":{{{epochs}}},"seed":0}}
            """);
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", spec);
        Assert.True(code == 0, stderr);
        var epochLines = stderr.Split('\n').Where(l => l.StartsWith("epoch ", StringComparison.Ordinal)).ToArray();
        Assert.InRange(epochLines.Length, 2, most);
        var last = epochsArgument == "20000" ? 20000 : epochs;
        Assert.StartsWith($"epoch {last} ", epochLines[^1]);
    }

    [Fact]
    public async Task RunOnATerminalPrintsEachArmsBestAndSavesTheSweepResult()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunOnTerminalAsync(_folder, "run", WriteSpec(TwoArms));
        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("{", stdout);
        var result = JsonSerializer.Deserialize<SweepResult>(File.ReadAllText(Saved(stdout)), SpecJson.Options)!;
        Assert.EndsWith($"two-arms-{result.SweepId}.json", Saved(stdout));
        var statuses = string.Join(", ", result.Trials.GroupBy(t => t.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} {ContractName(g.Key)}"));
        Assert.StartsWith($"sweep {result.SweepId} (two-arms): completed, {result.Trials.Count} trials ({statuses}), ", stdout);
        Assert.Contains("best η of each arm, by trainLoss:", stdout);
        string[] arms = ["plain", "momentum"];
        for (var arm = 0; arm < 2; arm++)
        {
            var best = result.BestByArm[arm]!;
            var verdict = result.Trials.Single(t => t.TrialId == best.TrialId).Verdict!.Value;
            var line = stdout.Split('\n').Single(l => l.StartsWith("  " + arms[arm] + " ", StringComparison.Ordinal));
            Assert.Matches($@"η {Regex.Escape($"{best.LearningRate:G4}")} +trainLoss {Regex.Escape($"{best.TrainLoss!.Value:G5}")} +{ContractName(verdict)}$", line.TrimEnd());
        }
    }

    [Fact]
    public async Task RunOnATerminalListsTheWarningsOnceInItsSummary()
    {
        const string allDiverge = """
            {"name":"all-diverge","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
             "training":{"epochs":30},"search":{"kind":"grid","learningRates":[0.06,0.1,1],"metric":"trainLoss"}}
            """;
        var (code, stdout, stderr) = await SweepCliRunner.RunOnTerminalAsync(_folder, "run", WriteSpec(allDiverge));
        Assert.True(code == 0, stderr);
        var result = JsonSerializer.Deserialize<SweepResult>(File.ReadAllText(Saved(stdout)), SpecJson.Options)!;
        Assert.Null(result.Best);
        Assert.NotEmpty(result.Warnings);
        Assert.Contains("warnings:", stdout);
        foreach (var warning in result.Warnings)
        {
            Assert.Contains("  " + warning, stdout);
            Assert.DoesNotContain(warning, stderr);
        }
    }

    [Fact]
    public async Task RunOnAPipeWritesTheJsonAndTheLastProgressLineCountsItsTrials()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("run", WriteSpec(TwoArms));
        Assert.True(code == 0, stderr);
        var result = JsonSerializer.Deserialize<SweepResult>(stdout, SpecJson.Options)!;
        // Said before the embedded silo's start, which takes seconds.
        Assert.StartsWith("starting an embedded silo in this process ...", stderr);
        var last = stderr.TrimEnd().Split('\n')[^1];
        Assert.StartsWith($"completed: {result.Trials.Count} done, 0 running, 0 failed or cancelled; 2 stages", last);
        // Once the sweep has ended, the silos are named without their load.
        Assert.DoesNotContain("queued", last);
        Assert.DoesNotMatch(@"silos .* \d+/\d+", last);
        // Each arm's best, by its name.
        foreach (var (name, best) in new[] { "plain", "momentum" }.Zip(result.BestByArm))
            Assert.Contains($"{name} η {best!.LearningRate:G4} (trainLoss {best.TrainLoss!.Value:G5})", last);
    }

    [Fact]
    public async Task AfterCtrlCTheLastLineCountsTheTrialsOfTheWrittenResult()
    {
        var spec = WriteSpec("""
            {"name":"quick-and-endless","data":{"source":"synthetic","task":"logistic","samples":2000,"features":50,"validationSize":64},
             "model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":2},
             "search":{"kind":"grid","learningRates":[0.01],
               "arms":[{"name":"quick"},{"name":"endless","training":{"epochs":1000000}}]}}
            """);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var stderr = new CtrlCOn(" 1 done, ", ctrlC);
        var (code, stdout, text) = await SweepCliRunner.RunAsync(ResultConsole.Redirected, stderr, ctrlC.Token, "run", spec);
        Assert.True(code == 3, text);
        var result = JsonSerializer.Deserialize<SweepResult>(stdout, SpecJson.Options)!;
        var done = result.Trials.Count(t => t.Status is TrialStatus.Completed or TrialStatus.Diverged or TrialStatus.Stopped);
        var failed = result.Trials.Count(t => t.Status is TrialStatus.Failed or TrialStatus.Cancelled);
        Assert.Equal(1, done);
        // Both trials were started (one per arm) before the cancel: the endless one is listed, cancelled, not left out.
        Assert.Equal(2, result.Trials.Count);
        Assert.Equal(TrialStatus.Cancelled, Assert.Single(result.Trials, t => t.Status != TrialStatus.Completed).Status);
        Assert.Equal(result.Trials.Count, done + failed);
        Assert.StartsWith($"cancelled: {done} done, 0 running, {failed} failed or cancelled;", text.TrimEnd().Split('\n')[^1]);
    }

    [Fact]
    public async Task RetryOfAResultsFileShowsItsProgressAndSummarizesOnATerminal()
    {
        var spec = WriteSpec(TwoArms);
        var (code, json, stderr) = await SweepCliRunner.RunAsync("run", spec);
        Assert.True(code == 0, stderr);
        var full = JsonSerializer.Deserialize<SweepResult>(json, SpecJson.Options)!;
        var cancelled = full with
        {
            Status = SweepStatus.Cancelled,
            Trials = [.. full.Trials.Select((t, i) => i % 2 == 0 ? t with { Status = TrialStatus.Cancelled } : t)],
        };
        var file = Path.Combine(_folder, "cancelled.json");
        File.WriteAllText(file, JsonSerializer.Serialize(cancelled, SpecJson.Options));

        (code, var stdout, stderr) = await SweepCliRunner.RunOnTerminalAsync(Path.Combine(_folder, "saved"), "retry", file);
        Assert.True(code == 0, stderr);
        var kept = full.Trials.Count / 2;
        Assert.Contains($"sweep {full.SweepId}, {kept} finished trials kept, {full.Trials.Count - kept} failed or cancelled", stderr);
        Assert.Contains($"running: {full.Trials.Count} done, 0 failed or cancelled ({kept} kept from the file); latest η ", stderr);
        Assert.Contains($"sweep {full.SweepId} (two-arms): completed, {full.Trials.Count} trials", stdout);
        Assert.Contains("best η of each arm, by trainLoss:", stdout);
        Assert.True(File.Exists(Saved(stdout)));
    }

    private static string ContractName<T>(T value) where T : struct, Enum => JsonSerializer.Serialize(value, SpecJson.Options).Trim('"');

    /// <summary>Standard error that presses Ctrl+C once a line holding <paramref name="text"/> is written.</summary>
    private sealed class CtrlCOn(string text, CancellationTokenSource ctrlC) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true) ctrlC.Cancel();
        }

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }
    }
}
