using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>Process mode against real programs (sh scripts): reports, outcomes, stopping, and no process left behind.</summary>
public sealed class CommandRunTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AProgramThatReportsAndExitsZeroCompletesWithItsReportsAndOutput()
    {
        var trainer = _dir.Trainer("""
            echo "starting"
            echo '{"epoch": 1, "trainLoss": 0.5, "validationLoss": 0.6, "validationAccuracy": 0.8}'
            echo '{"step": 10, "trainLoss": 0.4, "learningRate": 0.01}'
            echo "a warning" >&2
            echo '{"epoch": 2, "trainLoss": 0.3, "validationLoss": 0.35, "validationAccuracy": 0.9}'
            """);
        var observer = new RecordingObserver();

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), observer, cancel: Cancel);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Null(result.Error);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, result.ReportCount);
        Assert.Equal(new TrainerReport(2, null, 0.3, 0.35, 0.9), result.LastEpoch);
        Assert.Equal([1, null, 2], result.Reports.Select(r => r.Epoch));
        Assert.Equal(result.Reports, observer.Reports);
        Assert.StartsWith("starting\n", result.Stdout);
        Assert.Equal("a warning\n", result.Stderr);
        Assert.Contains((OutputStream.Stderr, "a warning"), observer.Lines);
    }

    [Fact]
    public async Task TheProgramGetsTheTrialInItsArgumentsEnvironmentAndTrialFile()
    {
        var trainer = _dir.Trainer("""
            echo "args=$*"
            echo "lr=$SWEEP_LEARNING_RATE"
            echo "id=$SWEEP_TRIAL_ID"
            echo "ckpt=$SWEEP_CHECKPOINT_DIR"
            echo "cuda=$CUDA_VISIBLE_DEVICES"
            echo "seed=$SEED"
            echo "pwd=$(pwd)"
            echo "trial=$(cat "$SWEEP_TRIAL")"
            echo '{"epoch": 1, "trainLoss": 0.5}'
            """, "{learningRate}", "{optimizer.momentum}", "{training.batchSize}") with
        {
            Env = new Dictionary<string, string> { ["SEED"] = "{training.seed}", ["CUDA_VISIBLE_DEVICES"] = "overridden" },
        };
        string checkpoint = CheckpointDirectories.For(Path.Combine(_dir.Path, "checkpoints"), "s-abc/0/3");

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(learningRate: 0.0123), _dir.Options(checkpoint, gpu: "2"), cancel: Cancel);

        Assert.Equal(TrialStatus.Completed, result.Status);
        var lines = result.Stdout.Split('\n');
        Assert.Contains("args=0.0123 0.9 64", lines);
        Assert.Contains("lr=0.0123", lines);
        Assert.Contains("id=s-abc/0/3", lines);
        Assert.Contains($"ckpt={Path.Combine(_dir.Path, "checkpoints", "s-abc", "0", "3")}", lines);
        Assert.Contains("cuda=2", lines);
        Assert.Contains("seed=1", lines);
        Assert.Contains($"pwd={_dir.Path}", lines);
        Assert.True(Directory.Exists(checkpoint));
        var trial = Trials.Json(lines.Single(l => l.StartsWith("trial=", StringComparison.Ordinal))["trial=".Length..]);
        Assert.Equal(0.0123, trial.GetProperty("learningRate").GetDouble());
        Assert.Equal("s-abc", trial.GetProperty("sweepId").GetString());
        Assert.Equal("sgd", trial.GetProperty("armName").GetString());
        Assert.Equal(0.9, trial.GetProperty("optimizer").GetProperty("momentum").GetDouble());
        Assert.Equal(50, trial.GetProperty("schedule").GetProperty("warmup").GetProperty("steps").GetInt32());
        Assert.Equal(64, trial.GetProperty("training").GetProperty("batchSize").GetInt32());
        Assert.Equal(0.9, trial.GetProperty("parameters").GetProperty("optimizer.momentum").GetDouble());
        Assert.Equal(checkpoint, trial.GetProperty("checkpointDir").GetString());
        Assert.Empty(Directory.EnumerateFiles(_dir.Path, "trial-*.json")); // the trial file is removed afterwards
    }

    [Fact]
    public async Task CudaVisibleDevicesIsLeftAloneWithoutAGpu()
    {
        var trainer = _dir.Trainer("""echo "cuda=${CUDA_VISIBLE_DEVICES-unset}"; echo '{"epoch": 1, "trainLoss": 1}'""");
        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Contains($"cuda={Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES") ?? "unset"}\n", result.Stdout);
    }

    [Fact]
    public async Task ExitZeroWithoutReportsFailsWithReportedNoMetrics()
    {
        var result = await CommandRun.RunAsync(_dir.Trainer("echo 'Epoch 1: loss 0.3'"), Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.StartsWith("reported no metrics", result.Error);
    }

    [Fact]
    public async Task AnotherExitCodeFailsWithTheCodeAndAtMost2KBOfTheEndOfStderr()
    {
        var trainer = _dir.Trainer("""
            echo '{"epoch": 1, "trainLoss": 0.5}'
            i=0; while [ $i -lt 300 ]; do echo "noise $i: some padding to fill the tail of stderr" >&2; i=$((i+1)); done
            echo "Traceback: ValueError: boom" >&2
            exit 3
            """);

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("the program exited with code 3; the end of its stderr:\n", result.Error);
        Assert.EndsWith("Traceback: ValueError: boom", result.Error);
        string tail = result.Error![(result.Error!.IndexOf('\n') + 1)..];
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(tail), 1900, CommandRunOptions.ErrorTailBytes);
        Assert.Contains("noise 0:", result.Stderr); // the kept log has all of it
    }

    [Fact]
    public async Task AProgramKilledByASignalFailsNamingTheSignal()
    {
        var result = await CommandRun.RunAsync(_dir.Trainer("echo dying >&2; kill -9 $$"), Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.Equal(137, result.ExitCode);
        Assert.Contains("signal 9, SIGKILL", result.Error);
        Assert.EndsWith("dying", result.Error);
    }

    [Fact]
    public async Task PastTheTimeoutTheProgramIsStoppedAndTheTrialFails()
    {
        var trainer = _dir.Trainer("""echo "group=$$"; echo '{"epoch": 1, "trainLoss": 1}'; sleep 1000""") with { TimeoutSeconds = 1 };

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.Equal("timed out after 1 s", result.Error);
        Assert.False(ScriptDirectory.GroupHasLiveMembers(ScriptDirectory.Numbers(result.Stdout, "group").Single()));
    }

    [Theory]
    [InlineData("1", "50", "more than divergenceFactor 10 × the first reported trainLoss 1")]
    [InlineData("1", "NaN", "reported trainLoss NaN")]
    [InlineData("1", "Infinity", "reported trainLoss Infinity")]
    public async Task ALossPastTheDivergenceFactorOrNotFiniteStopsTheProgramAsDiverged(string first, string second, string why)
    {
        var trainer = _dir.Trainer($$"""
            echo "group=$$"
            echo '{"epoch": 1, "trainLoss": {{first}}}'
            echo '{"epoch": 2, "trainLoss": {{second}}}'
            sleep 1000
            """);

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Diverged, result.Status);
        Assert.Contains(why, result.Detail);
        Assert.Equal(2, result.ReportCount);
        Assert.False(ScriptDirectory.GroupHasLiveMembers(ScriptDirectory.Numbers(result.Stdout, "group").Single()));
    }

    // The child ignores SIGTERM, so only the SIGKILL after the grace period ends it; it must not survive the trial.
    private const string ProgramWithAStubbornChild = """
        echo "group=$$"
        echo "pgrp=$(cut -d' ' -f5 /proc/$$/stat)"
        sh -c 'trap "" TERM; touch stubborn-ready-$PPID; exec sleep 1000' &
        echo "child=$!"
        while [ ! -f stubborn-ready-$$ ]; do sleep 0.01; done
        i=1
        while [ $i -le 1000 ]; do echo "{\"epoch\": $i, \"trainLoss\": 1}"; sleep 0.05; i=$((i+1)); done
        """;

    [Fact]
    public async Task StoppedEarlyByTheSearchTheWholeProcessGroupEndsEvenAChildIgnoringSigterm()
    {
        var observer = new RecordingObserver(r => r.Epoch >= 2 ? ReportDecision.Stop : ReportDecision.Continue);

        var result = await CommandRun.RunAsync(_dir.Trainer(ProgramWithAStubbornChild), Trials.Sgd(), _dir.Options(), observer, cancel: Cancel);

        Assert.Equal(TrialStatus.Stopped, result.Status);
        Assert.Contains("epoch 2", result.Detail);
        Assert.Equal(2, observer.Reports.Count); // reports after the stop are recorded but decide nothing
        Assert.True(result.WallSeconds >= 1, "the child ignores SIGTERM, so only SIGKILL after the 1 s grace period ends the group");
        AssertNothingLeft(result);
    }

    [Fact]
    public async Task CancelledThroughTheTokenTheTrialIsCancelledAndNothingIsLeft()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        var observer = new RecordingObserver(r =>
        {
            if (r.Epoch == 1) cancel.Cancel();
            return ReportDecision.Continue;
        });

        var result = await CommandRun.RunAsync(_dir.Trainer(ProgramWithAStubbornChild), Trials.Sgd(), _dir.Options(), observer, cancel: cancel.Token);

        Assert.Equal(TrialStatus.Cancelled, result.Status);
        AssertNothingLeft(result);
    }

    [Theory]
    [InlineData(false, TrialStatus.Stopped)]
    [InlineData(true, TrialStatus.Cancelled)]
    public async Task AStopOrCancelRequestFromOutsideEndsTheTrialAndNothingIsLeft(bool cancel, TrialStatus expected)
    {
        var control = new TrialControl();
        var observer = new RecordingObserver(r =>
        {
            if (r.Epoch == 1) _ = Task.Run(() => { if (cancel) control.RequestCancel(); else control.RequestStop(); });
            return ReportDecision.Continue;
        });

        var result = await CommandRun.RunAsync(_dir.Trainer(ProgramWithAStubbornChild), Trials.Sgd(), _dir.Options(), observer, control, Cancel);

        Assert.Equal(expected, result.Status);
        AssertNothingLeft(result);
    }

    [Fact]
    public async Task WhatAProgramLeftRunningInItsGroupEndsWhenItExits()
    {
        var trainer = _dir.Trainer("""
            echo "group=$$"
            sh -c 'trap "" TERM; exec sleep 1000' &
            echo "child=$!"
            echo '{"epoch": 1, "trainLoss": 0.5}'
            """);

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.False(ScriptDirectory.Alive(ScriptDirectory.Numbers(result.Stdout, "child").Single()));
        Assert.False(ScriptDirectory.GroupHasLiveMembers(ScriptDirectory.Numbers(result.Stdout, "group").Single()));
    }

    [Fact]
    public async Task ARegexMatchesStderrAndCountsEpochs()
    {
        var metrics = new TrainerMetricsSpec(TrainerMetricsFormat.Regex, @"Test set: Average loss: (?<validationLoss>[0-9.]+)");
        var trainer = _dir.Trainer("""
            echo "Train Epoch: 1 Loss: 2.3"
            echo "Test set: Average loss: 0.0500" >&2
            echo "Test set: Average loss: 0.0342" >&2
            """, metrics);

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Completed, result.Status);
        Assert.Equal([(1, 0.05), (2, 0.0342)], result.Reports.Select(r => (r.Epoch!.Value, r.ValidationLoss!.Value)));
    }

    [Theory]
    [InlineData("no-such-trainer-program-h8", "trainer.command[0]: executable not found: \"no-such-trainer-program-h8\" is in no folder of the program's PATH")]
    [InlineData("./missing/train.py", "trainer.command[0]: executable not found: \"./missing/train.py\"")]
    public async Task AMissingExecutableFailsWithAClearMessage(string executable, string expected)
    {
        var trainer = new CommandTrainerSpec([executable, "--lr", "{learningRate}"], null, new Dictionary<string, string>(), TrainerMetricsSpec.Json);
        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.StartsWith(expected, result.Error);
        Assert.DoesNotContain("Exception", result.Error);
    }

    [Fact]
    public async Task AMissingWorkingDirectoryOrUnknownPlaceholderFailsNamingIt()
    {
        var trainer = _dir.Trainer("echo hi") with { WorkingDirectory = "no-such-folder" };
        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal($"trainer.workingDirectory: no such folder: {Path.Combine(_dir.Path, "no-such-folder")}", result.Error);

        var placeholder = _dir.Trainer("echo hi", "{optimizer.momentom}");
        result = await CommandRun.RunAsync(placeholder, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Failed, result.Status);
        Assert.StartsWith("trainer.command[1]: unknown placeholder {optimizer.momentom}", result.Error);
    }

    private static void AssertNothingLeft(CommandRunResult result)
    {
        int group = ScriptDirectory.Numbers(result.Stdout, "group").Single();
        Assert.Equal(group, ScriptDirectory.Numbers(result.Stdout, "pgrp").Single()); // the program led a group of its own
        Assert.False(ScriptDirectory.Alive(ScriptDirectory.Numbers(result.Stdout, "child").Single()));
        Assert.False(ScriptDirectory.GroupHasLiveMembers(group));
    }
}
