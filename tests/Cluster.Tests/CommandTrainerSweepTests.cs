using System.Text.Json;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Connection;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Sweeps of a user's own program on a silo (real processes: small shell scripts): reports read as JSON lines or by a
/// regular expression, failures with their exit code and stderr, ASHA stops and cancel leaving no process behind, the
/// program's output through `sweep logs`, the GPU of each slot, and the trust check at submit.
/// </summary>
public sealed class CommandTrainerSweepTests(CommandSilo silo, ITestOutputHelper output) : IClassFixture<CommandSilo>
{
    private static string Spec(string name, string trainer, string search, int epochs = 3) =>
        $$"""
        {"name":"{{name}}","trainer":{{trainer}},"optimizer":{"kind":"sgd"},"training":{"epochs":{{epochs}}},"search":{{search}}}
        """;

    private static string Command(params string[] words) => JsonSerializer.Serialize(words);

    private const string Grid = """{"kind":"grid","learningRates":[0.0001,0.001,0.01,0.1,1],"metric":"validationLoss","concurrency":2}""";

    [Fact]
    public async Task AGridOfAShellProgramFindsTheBestRateAndKeepsItsOutput()
    {
        var program = silo.Write("grid.sh", Programs.JsonGrid);
        var spec = silo.Write("grid.json", Spec("cmd-grid", $$"""{"command":{{Command("sh", program, "{learningRate}")}}}""", Grid));
        var result = await RunAsync(spec);

        Assert.Equal(0.01, result.GetProperty("best").GetProperty("learningRate").GetDouble());
        var trials = result.GetProperty("trials").EnumerateArray().ToArray();
        Assert.Equal(5, trials.Length);
        var gpus = new HashSet<string>();
        var sweepId = result.GetProperty("sweepId").GetString()!;
        foreach (var trial in trials)
        {
            var id = trial.GetProperty("trialId").GetString()!;
            Assert.Equal("completed", trial.GetProperty("status").GetString());
            Assert.Equal(3, trial.GetProperty("epochsCompleted").GetInt32());
            Assert.Equal(3, trial.GetProperty("history").GetProperty("epochs").GetArrayLength());
            Assert.True(trial.GetProperty("validationLoss").GetDouble() > 0);

            // Its stdout by the full id, its stderr by the key within the sweep.
            var (code, stdout, stderr) = await silo.SweepAsync("logs", sweepId, id);
            Assert.True(code == 0, stderr);
            Assert.Contains($"trial={id}", stdout);
            Assert.Contains("\"epoch\": 3", stdout);
            gpus.Add(stdout.Split(' ')[0]["gpu=".Length..]);
            (code, stdout, stderr) = await silo.SweepAsync("logs", sweepId, id[(sweepId.Length + 1)..], "--stderr");
            Assert.True(code == 0, stderr);
            Assert.StartsWith("warming up at rate ", stdout);

            // The same kept as files under the results root.
            var file = Path.Combine(silo.Options.ResultsRootOrDefault, sweepId, "logs", id[(sweepId.Length + 1)..].Replace('/', '-') + ".stdout.log");
            Assert.Contains($"trial={id}", File.ReadAllText(file));
        }
        // Two slots, two trials at a time: slot 0 on GPU 3, slot 1 on GPU 5.
        output.WriteLine($"GPUs seen: {string.Join(", ", gpus)}");
        Assert.Equal(["3", "5"], gpus.Order());

        var (missing, _, error) = await silo.SweepAsync("logs", sweepId, "7/7/7");
        Assert.Equal(1, missing);
        Assert.Contains($"no trial \"{sweepId}/7/7/7\" in sweep {sweepId}", error);
        (missing, _, error) = await silo.SweepAsync("logs", "s-00000000", "0/0/0");
        Assert.Equal(1, missing);
        Assert.Contains("no sweep \"s-00000000\"", error);

        var (status, summary, _) = await silo.SweepAsync("status", sweepId);
        Assert.Equal(0, status);
        Assert.Contains("trials: 5 done", summary);

        // The report embeds the end of each trial's output.
        var html = silo.Write("report.html", "");
        var (reported, _, reportErrors) = await silo.SweepAsync("report", sweepId, "--out", html);
        Assert.True(reported == 0, reportErrors);
        var page = File.ReadAllText(html);
        Assert.Contains("\"logs\":[{\"trialId\":", page);
        Assert.Contains("warming up at rate", page);
    }

    [Fact]
    public async Task WorkerModeServesManyTrialsFromOneWarmProcessPerSlot()
    {
        var program = silo.Write("worker.py", Programs.Worker);
        var trainer = $$"""{"command":{{Command("python3", program)}},"mode":"worker"}""";
        var result = await RunAsync(silo.Write("worker.json", Spec("cmd-worker", trainer, Grid)));

        Assert.Equal(0.01, result.GetProperty("best").GetProperty("learningRate").GetDouble());
        var sweepId = result.GetProperty("sweepId").GetString()!;
        var workers = new HashSet<string>();
        foreach (var trial in result.GetProperty("trials").EnumerateArray())
        {
            Assert.Equal("completed", trial.GetProperty("status").GetString());
            var (code, stdout, stderr) = await silo.SweepAsync("logs", sweepId, trial.GetProperty("trialId").GetString()!);
            Assert.True(code == 0, stderr);
            workers.Add(stdout.Split('\n')[0]);
        }
        // Five trials, two slots: at most one process each.
        output.WriteLine(string.Join(", ", workers));
        Assert.InRange(workers.Count, 1, CommandSilo.Slots);
    }

    [Fact]
    public async Task RegexReportsOnStderrAreReadAsEpochs()
    {
        var program = silo.Write("text.sh", Programs.TextGrid);
        var trainer = "{\"command\":" + Command("sh", program, "{learningRate}") +
            ""","metrics":{"format":"regex","pattern":"epoch (?<epoch>\\d+) val_loss=(?<validationLoss>[0-9.e+-]+)"}}""";
        var result = await RunAsync(silo.Write("regex.json", Spec("cmd-regex", trainer, Grid)));

        Assert.Equal(0.01, result.GetProperty("best").GetProperty("learningRate").GetDouble());
        Assert.All(result.GetProperty("trials").EnumerateArray(), t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal(3, t.GetProperty("epochsCompleted").GetInt32());
        });
    }

    [Fact]
    public async Task AFailingProgramFailsItsTrialWithItsExitCodeAndStderrAndAMissingOneSaysSo()
    {
        var program = silo.Write("fail.sh", Programs.Failing);
        var one = """{"kind":"grid","learningRates":[0.01]}""";
        var failed = (await RunAsync(silo.Write("fail.json", Spec("cmd-fail", $$"""{"command":{{Command("sh", program)}}}""", one)), expectedExit: null))
            .GetProperty("trials")[0];
        output.WriteLine(failed.GetProperty("error").GetString() ?? "");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("3", failed.GetProperty("error").GetString());
        Assert.Contains("boom: the data set is missing", failed.GetProperty("error").GetString());

        var missing = (await RunAsync(silo.Write("missing.json", Spec("cmd-missing", $$"""{"command":{{Command("no-such-program-7f3a")}}}""", one)), expectedExit: null))
            .GetProperty("trials")[0];
        output.WriteLine(missing.GetProperty("error").GetString() ?? "");
        Assert.Equal("failed", missing.GetProperty("status").GetString());
        Assert.Contains("no-such-program-7f3a", missing.GetProperty("error").GetString());
    }

    [Fact]
    public async Task AshaStopsProgramsAtTheirRungsAndLeavesNoProcessBehind()
    {
        var program = silo.Write("endless.sh", Programs.Endless);
        var pids = Directory.CreateDirectory(silo.Write("asha-pids", "") + ".d").FullName;
        var trainer = $$"""{"command":{{Command("sh", program, "{learningRate}", "{training.epochs}", pids)}}}""";
        var search = """{"kind":"grid","learningRates":[0.01,0.1,1,10,100],"metric":"validationLoss","concurrency":1,"earlyStopping":{"kind":"asha","reductionFactor":3,"minEpochs":1}}""";
        var result = await RunAsync(silo.Write("asha.json", Spec("cmd-asha", trainer, search, epochs: 9)));

        var trials = result.GetProperty("trials").EnumerateArray().ToArray();
        var stopped = trials.Where(t => t.GetProperty("status").GetString() == "stopped").ToArray();
        output.WriteLine(string.Join(", ", trials.Select(t => $"{t.GetProperty("learningRate")}: {t.GetProperty("status")} after {t.GetProperty("epochsCompleted")}")));
        Assert.NotEmpty(stopped);
        Assert.All(stopped, t => Assert.True(t.GetProperty("epochsCompleted").GetInt32() < 9));
        Assert.Equal(0.01, result.GetProperty("best").GetProperty("learningRate").GetDouble());
        await AssertNoProcessLeftAsync(pids, trials.Length);
    }

    [Fact]
    public async Task CancelEndsEveryProgramAndItsChildren()
    {
        var program = silo.Write("endless.sh", Programs.Endless);
        var pids = Directory.CreateDirectory(silo.Write("cancel-pids", "") + ".d").FullName;
        var trainer = $$"""{"command":{{Command("sh", program, "{learningRate}", "100000", pids)}}}""";
        var spec = silo.Write("cancel.json", Spec("cmd-cancel", trainer, """{"kind":"grid","learningRates":[0.01,0.1],"concurrency":2}"""));
        var (code, stdout, stderr) = await silo.SweepAsync("submit", spec);
        Assert.True(code == 0, stderr);
        var sweepId = stdout.Trim();
        await Eventually.HoldsAsync(() => Task.FromResult(Programs.Groups(pids).Count == 2), TimeSpan.FromSeconds(30), "both programs running");

        (code, _, stderr) = await silo.SweepAsync("cancel", sweepId);
        Assert.True(code == 0, stderr);
        // The children ignore SIGTERM: they go with the SIGKILL 10 s later.
        await Eventually.HoldsAsync(async () => (await silo.Client.GetGrain<ISweepCoordinatorGrain>(sweepId).GetStatus()).Status == SweepPhase.Cancelled,
            TimeSpan.FromSeconds(40), "the sweep cancelled");
        await AssertNoProcessLeftAsync(pids, 2);
    }

    [Fact]
    public async Task ANamedTrainerRunsAndAnUnknownOneOrAnInlineCommandOnASiloWithoutAllowCommandsIsRefusedAtSubmit()
    {
        var named = await RunAsync(silo.Write("named.json", Spec("cmd-named", """{"name":"toy"}""", Grid)));
        Assert.Equal(0.01, named.GetProperty("best").GetProperty("learningRate").GetDouble());

        var (code, _, stderr) = await silo.SweepAsync("submit", silo.Write("unknown.json", Spec("cmd-unknown", """{"name":"resnet"}""", Grid)));
        output.WriteLine(stderr);
        Assert.Equal(2, code);
        Assert.Contains("trainer.name: \"resnet\"", stderr);
        Assert.Contains("--trainers", stderr);
        Assert.Contains("\"toy\"", stderr);

        // A silo as `sweep-silo` starts by default: no --allow-commands, and a data root.
        var root = Directory.CreateDirectory(Path.Combine(silo.Folder, "data-root")).FullName;
        var strict = SweepClusterConnection.LocalOptions();
        strict.AllowCommands = false;
        strict.WarmUpTraining = false;
        strict.DataRoot = root;
        await using var connection = await SweepClusterConnection.ConnectAsync(new ClusterTarget.Local(strict), cancel: TestContext.Current.CancellationToken);
        var gateway = $"127.0.0.1:{strict.GatewayPort}";
        var program = silo.Write("grid.sh", Programs.JsonGrid);
        (code, _, stderr) = await CommandSilo.SweepAsync(gateway, "submit", silo.Write("inline.json", Spec("cmd-inline", $$"""{"command":{{Command("sh", program, "{learningRate}")}}}""", Grid)));
        output.WriteLine(stderr);
        Assert.Equal(2, code);
        Assert.Contains("--allow-commands", stderr);
        Assert.DoesNotContain("Exception", stderr);

        var outside = $$"""{"command":{{Command("sh", program, "{learningRate}")}},"workingDirectory":{{JsonSerializer.Serialize(silo.Folder)}}}""";
        (code, _, stderr) = await CommandSilo.SweepAsync(gateway, "submit", silo.Write("outside.json", Spec("cmd-outside", outside, Grid)));
        output.WriteLine(stderr);
        Assert.Equal(2, code);
        Assert.Contains("workingDirectory", stderr);
        Assert.Contains("--data-root", stderr);

        var (listed, list, _) = await CommandSilo.SweepAsync(gateway, "list");
        Assert.Equal(0, listed);
        Assert.DoesNotContain("cmd-", list);
    }

    [Fact]
    public async Task LogsFollowPrintsEveryLineOnceUntilTheTrialEnds()
    {
        var program = silo.Write("endless.sh", Programs.Endless);
        var pids = Directory.CreateDirectory(silo.Write("follow-pids", "") + ".d").FullName;
        var trainer = $$"""{"command":{{Command("sh", program, "{learningRate}", "15", pids)}}}""";
        var (code, stdout, stderr) = await silo.SweepAsync("submit", silo.Write("follow.json", Spec("cmd-follow", trainer, """{"kind":"grid","learningRates":[0.01]}""")));
        Assert.True(code == 0, stderr);
        var sweepId = stdout.Trim();
        var trialId = "";
        await Eventually.HoldsAsync(async () =>
        {
            var (_, json, _) = await silo.SweepAsync("status", sweepId, "--json");
            using var status = JsonDocument.Parse(json);
            trialId = status.RootElement.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("trialId").GetString()).FirstOrDefault() ?? "";
            return trialId.Length > 0;
        }, TimeSpan.FromSeconds(30), "the trial listed");

        (code, stdout, stderr) = await silo.SweepAsync("logs", sweepId, trialId, "--follow");
        output.WriteLine(stdout);
        Assert.True(code == 0, stderr);
        var epochs = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("{\"epoch\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(Enumerable.Range(1, 15).Select(e => $"{{\"epoch\": {e},"), epochs.Select(l => l[..(l.IndexOf(',', StringComparison.Ordinal) + 1)]));
    }

    [Fact]
    public async Task RetryRunsAFailedProgramAgainInPlace()
    {
        var program = silo.Write("flaky.sh", Programs.Failing);
        var spec = silo.Write("flaky.json", Spec("cmd-retry", $$"""{"command":{{Command("sh", program, "{learningRate}")}}}""", """{"kind":"grid","learningRates":[0.01,0.1]}"""));
        var first = await RunAsync(spec, expectedExit: null);
        Assert.All(first.GetProperty("trials").EnumerateArray(), t => Assert.Equal("failed", t.GetProperty("status").GetString()));

        // The data set is back: the same trials now complete.
        File.WriteAllText(program, Programs.JsonGrid.ReplaceLineEndings("\n") + "\n");
        var file = silo.Write("retried.json", "");
        var (code, _, stderr) = await silo.SweepAsync("retry", first.GetProperty("sweepId").GetString()!, "--out", file);
        Assert.True(code == 0, stderr);
        using var retried = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(0.01, retried.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble());
        Assert.All(retried.RootElement.GetProperty("trials").EnumerateArray(), t =>
        {
            Assert.Equal("completed", t.GetProperty("status").GetString());
            Assert.Equal(2, t.GetProperty("attempts").GetInt32());
        });
    }

    [Fact]
    public async Task RefineContinuesAProgramsGridAroundItsBestRate()
    {
        var program = silo.Write("grid.sh", Programs.JsonGrid);
        var parent = await RunAsync(silo.Write("parent.json", Spec("cmd-parent", $$"""{"command":{{Command("sh", program, "{learningRate}")}}}""", Grid)));
        var parentId = parent.GetProperty("sweepId").GetString()!;

        var file = silo.Write("refined.json", "");
        var (code, _, stderr) = await silo.SweepAsync("refine", parentId, "--refinements", "1", "--points", "3", "--out", file);
        Assert.True(code == 0, stderr);
        using var refined = JsonDocument.Parse(File.ReadAllText(file));
        Assert.Equal(parentId, refined.RootElement.GetProperty("parentSweepId").GetString());
        Assert.Equal(0.01, refined.RootElement.GetProperty("best").GetProperty("learningRate").GetDouble(), 1e-12);
        var trials = refined.RootElement.GetProperty("trials").EnumerateArray().ToArray();
        Assert.True(trials.Length > 5, $"{trials.Length} trials");
        Assert.All(trials, t => Assert.Equal("completed", t.GetProperty("status").GetString()));
    }

    /// <summary>`sweep run SPEC --out FILE` on the silo; the Sweep result written.</summary>
    private async Task<JsonElement> RunAsync(string spec, int? expectedExit = 0)
    {
        var file = silo.Write("result.json", "");
        var (code, _, stderr) = await silo.SweepAsync("run", spec, "--out", file);
        output.WriteLine(stderr);
        if (expectedExit is { } expected) Assert.True(code == expected, $"exit {code}: {stderr}");
        using var json = JsonDocument.Parse(File.ReadAllText(file));
        return json.RootElement.Clone();
    }

    /// <summary>Every program that wrote its process group to <paramref name="folder"/> is gone with all its children.</summary>
    private static async Task AssertNoProcessLeftAsync(string folder, int programs)
    {
        var groups = Programs.Groups(folder);
        Assert.Equal(programs, groups.Count);
        // A stopped trial ends once its group is signalled; the group's last members may take a moment to be reaped.
        await Eventually.HoldsAsync(() => Task.FromResult(!groups.Any(Programs.GroupAlive)), TimeSpan.FromSeconds(15), "no process left in the programs' groups");
    }
}
