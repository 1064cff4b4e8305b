using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using SweepCluster.Engine.Tests.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// `sweep train` of a spec whose trainer is a program of its own: real processes (sh, awk, python3), the Trial's figures,
/// status and history checked against what the program itself prints when run by hand with the same settings.
/// </summary>
public sealed class ProgramTrainTests
{
    [Fact]
    public async Task TheShellExampleTrainsAndItsTrialHoldsTheProgramsOwnReports()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("shell-trainer/spec.json"));
        Assert.True(code == 0, stderr);
        var printed = Reports(await RunByHandAsync(TestPaths.Example("shell-trainer"), ["sh", "train.sh", "10"], ("SWEEP_LEARNING_RATE", "0.1"), ("TOY_CURVATURE", "4")));

        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal(("completed", "good"), (root.GetProperty("status").GetString(), root.GetProperty("verdict").GetString()));
        Assert.Matches("^t-[0-9a-f]{8}$", root.GetProperty("trialId").GetString());
        Assert.Equal(0.1, root.GetProperty("learningRate").GetDouble());
        Assert.Equal(10, root.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(printed[^1].GetProperty("trainLoss").GetDouble(), root.GetProperty("trainLoss").GetDouble());
        Assert.Equal(printed[^1].GetProperty("validationLoss").GetDouble(), root.GetProperty("validationLoss").GetDouble());
        var epochs = root.GetProperty("history").GetProperty("epochs");
        Assert.Equal(printed.Count, epochs.GetArrayLength());
        for (var i = 0; i < printed.Count; i++)
        {
            Assert.Equal(printed[i].GetProperty("epoch").GetInt32(), epochs[i].GetProperty("epoch").GetInt32());
            Assert.Equal(printed[i].GetProperty("trainLoss").GetDouble(), epochs[i].GetProperty("trainLoss").GetDouble());
        }
        Assert.Contains("training shell-toy (default) at η = 0.1: sh train.sh 10", stderr);
        Assert.Contains("epoch 1  train loss 0.31249", stderr);
    }

    [Fact]
    public async Task AProgramWhoseLossRunsAwayIsStoppedAndDivergedWithExitCode0()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("shell-trainer/spec.json"), "--learning-rate", "0.6");
        Assert.True(code == 0, stderr);
        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal(("diverged", "diverged"), (root.GetProperty("status").GetString(), root.GetProperty("verdict").GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.Contains("more than divergenceFactor 10 × the first reported trainLoss 174.101", stderr);
    }

    [Fact]
    public async Task TheRegexExampleIsReadFromTheLinesItPrints()
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", TestPaths.Example("regex-metrics/spec.json"), "--learning-rate", "0.5");
        Assert.True(code == 0, stderr);
        var lines = (await RunByHandAsync(TestPaths.Example("regex-metrics"), ["python3", "train.py", "--lr", "0.5", "--epochs", "10", "--batch-size", "32", "--seed", "0"]))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = lines[^1].Split(' ').Skip(2).Select(f => double.Parse(f.Split('=')[1], CultureInfo.InvariantCulture)).ToArray();

        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal("completed", root.GetProperty("status").GetString());
        Assert.Equal(10, root.GetProperty("epochsCompleted").GetInt32());
        Assert.Equal(last, new[] { root.GetProperty("trainLoss").GetDouble(), root.GetProperty("validationLoss").GetDouble(), root.GetProperty("validationAccuracy").GetDouble() });
        var epochs = root.GetProperty("history").GetProperty("epochs");
        Assert.Equal(Enumerable.Range(1, 10), epochs.EnumerateArray().Select(e => e.GetProperty("epoch").GetInt32()));
    }

    [Fact]
    public async Task AFailingProgramWritesAFailedTrialWithTheEndOfItsStderrAndExitCode1()
    {
        using var dir = new TempDirectory();
        var spec = Write(dir, """{ "command": ["sh", "-c", "echo starting; echo 'boom: the data is gone' >&2; exit 3"] }""");
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", spec);
        Assert.Equal(1, code);
        using var trial = JsonDocument.Parse(stdout);
        var root = trial.RootElement;
        Assert.Equal("failed", root.GetProperty("status").GetString());
        var error = root.GetProperty("error").GetString()!;
        Assert.Contains("exited with code 3", error);
        Assert.Contains("boom: the data is gone", error);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("verdict").ValueKind);
        Assert.Contains("error: the run failed: the program exited with code 3", stderr);
    }

    [Fact]
    public async Task TheProgramSeesTheTrialsPlaceholdersAndEnvironmentAndAnArmsOverrides()
    {
        using var dir = new TempDirectory();
        var spec = Write(dir, """
            { "command": ["sh", "-c", "printf '%s|%s|%s|%s|%s' \"$1\" \"$SWEEP_TRIAL_ID\" \"$SWEEP_CHECKPOINT_DIR\" \"$BATCH\" \"$ARM\" > seen.txt; echo '{{\"epoch\": 1, \"trainLoss\": 1}}'", "sh"],
              "args": ["unused"], "workingDirectory": ".", "env": { "BATCH": "{training.batchSize}", "ARM": "base" } }
            """, search: """
            { "kind": "grid", "learningRates": [0.1],
              "arms": [ { "name": "a" }, { "name": "b", "trainer": { "args": ["{trialId}:{sweepId}:{arm}:{armName}:{stage}:{attempt}:{learningRate}"], "env": { "ARM": "{armName}" } } } ] }
            """);
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", spec, "--arm", "b", "--learning-rate", "0.25");
        Assert.True(code == 0, stderr);
        using var trial = JsonDocument.Parse(stdout);
        var id = trial.RootElement.GetProperty("trialId").GetString()!;
        var seen = File.ReadAllText(dir.File("seen.txt")).Split('|');
        Assert.Equal($"{id}::1:b:0:1:0.25", seen[0]);
        Assert.Equal(id, seen[1]);
        Assert.EndsWith(Path.Combine("sweepcluster-checkpoints", id), seen[2]);
        Assert.False(Directory.Exists(seen[2]), "the checkpoint folder of a local run is removed when it ends");
        Assert.Equal(("64", "b"), (seen[3], seen[4]));
        Assert.Equal(1, trial.RootElement.GetProperty("arm").GetInt32());
    }

    [Fact]
    public async Task AWorkerModeProgramServesTheTrialFromItsStdin()
    {
        using var dir = new TempDirectory();
        var spec = Write(dir, """
            { "command": ["sh", "-c", "while read trial; do echo '{{\"epoch\": 1, \"trainLoss\": 0.7}}'; echo '{{\"done\": true}}'; done"], "mode": "worker" }
            """);
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("train", spec);
        Assert.True(code == 0, stderr);
        using var trial = JsonDocument.Parse(stdout);
        Assert.Equal(("completed", 0.7), (trial.RootElement.GetProperty("status").GetString(), trial.RootElement.GetProperty("trainLoss").GetDouble()));
    }

    [Fact]
    public async Task ANamedTrainerIsRefusedByTrainWithExitCode2()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = await SweepCliRunner.RunAsync("train", Write(dir, """{ "name": "resnet" }"""));
        Assert.Equal(2, code);
        Assert.Contains("trainer.name: \"resnet\"", stderr);
    }

    [Fact]
    public async Task ASweepOfACommandTrainerIsSentToTheClusterWhichJudgesItsTrainer()
    {
        // Nothing listens on port 1: the spec passed every check of the client, and the silo would judge the rest.
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("submit", TestPaths.Example("shell-trainer/spec.json"), "--gateway", "127.0.0.1:1");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith("error: No Sweep silo answers at 127.0.0.1:1", stderr);
    }

    [Theory]
    [InlineData("shell-trainer/spec.json")]
    [InlineData("regex-metrics/spec.json")]
    [InlineData("torch-mnist/coarse-to-fine.json")]
    [InlineData("torch-mnist/worker.json")]
    public async Task EachProgramExampleIsValid(string example)
    {
        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("validate", TestPaths.Example(example));
        Assert.True(code == 0, stderr);
        Assert.Contains("valid", stdout);
        Assert.Contains("trainer `", stdout);
    }

    [Fact]
    public async Task ValidateListsEveryTrainerProblemAtOnce()
    {
        using var dir = new TempDirectory();
        var spec = Write(dir, """{ "command": ["sh", "{learningRat}"], "mode": "thread", "metrics": { "format": "regex", "pattern": "(?<loss>.*)" } }""");
        var (code, _, stderr) = await SweepCliRunner.RunAsync("validate", spec);
        Assert.Equal(2, code);
        Assert.Contains("3 problems", stderr);
        Assert.Contains("$.trainer.command[1]: unknown placeholder {learningRat}", stderr);
        Assert.Contains("$.trainer.mode: \"thread\" is not a trainer mode; allowed: process, worker", stderr);
        Assert.Contains("$.trainer.metrics.pattern: the named group \"loss\" is not a report field", stderr);
    }

    /// <summary>A spec file in <paramref name="dir"/> training the given trainer section at η 0.1 for one epoch.</summary>
    internal static string Write(TempDirectory dir, string trainer, string search = """{ "kind": "none" }""") =>
        dir.Write("spec.json", $$"""
            { "name": "program", "trainer": {{trainer}}, "optimizer": { "kind": "sgd", "learningRate": 0.1 },
              "training": { "epochs": 1 }, "search": {{search}} }
            """);

    /// <summary>The program's stdout when run by hand, without SweepCluster.</summary>
    internal static async Task<string> RunByHandAsync(string folder, string[] argv, params (string Name, string Value)[] env)
    {
        var info = new ProcessStartInfo(argv[0]) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in argv[1..]) info.ArgumentList.Add(arg);
        foreach (var (name, value) in env) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.True(process.ExitCode == 0, await stderr);
        return await stdout;
    }

    private static List<JsonElement> Reports(string stdout) =>
        [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement)];
}
