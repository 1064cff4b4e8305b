using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>Worker mode against a real long-lived program reading trials on stdin.</summary>
public sealed class CommandWorkerTests : IDisposable
{
    // Serves trials until stdin ends; an arm's name picks a behaviour: crash, fail, hang.
    private const string Worker = """
        echo "worker=$$" >&2
        echo "pgrp=$(cut -d' ' -f5 /proc/$$/stat)" >&2
        echo "env=$SWEEP_WORKER cuda=$CUDA_VISIBLE_DEVICES" >&2
        while IFS= read -r line; do
          case "$line" in
            *'"armName":"crash"'*) echo "crashing" >&2; exit 7;;
            *'"armName":"fail"'*) echo '{"done": true, "failed": "out of memory"}'; continue;;
            *'"armName":"hang"'*) echo '{"epoch": 1, "trainLoss": 1}'; sleep 1000;;
          esac
          echo '{"epoch": 1, "trainLoss": 0.5}'
          echo "trial=$line"
          echo '{"done": true}'
        done
        """;

    private readonly ScriptDirectory _dir = new();
    private readonly CommandTrainerSpec _trainer;
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public CommandWorkerTests() => _trainer = _dir.Trainer(Worker) with { Mode = TrainerMode.Worker };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task OneProcessServesTrialAfterTrialEachEndedByDone()
    {
        await using var worker = new CommandWorker();

        var first = await worker.RunTrialAsync(_trainer, Trials.Sgd(0.1, "s-abc/0/0"), _dir.Options(gpu: "1"), cancel: Cancel);
        int? pid = worker.Pid;
        var second = await worker.RunTrialAsync(_trainer, Trials.Sgd(0.2, "s-abc/0/1"), _dir.Options(gpu: "1"), cancel: Cancel);

        Assert.Equal((TrialStatus.Completed, TrialStatus.Completed), (first.Status, second.Status));
        Assert.Equal(1, worker.Starts);
        Assert.NotNull(pid);
        Assert.Equal(pid, worker.Pid);
        Assert.Contains("\"trialId\":\"s-abc/0/0\"", first.Stdout);
        Assert.Contains("\"learningRate\":0.2", second.Stdout);
        Assert.DoesNotContain("s-abc/0/0", second.Stdout);
        Assert.Contains("env=1 cuda=1", first.Stderr);
        Assert.Equal(pid, ScriptDirectory.Numbers(first.Stderr, "pgrp").Single());
    }

    [Fact]
    public async Task AWorkerThatExitsFailsItsTrialAndIsStartedAgainForTheNext()
    {
        await using var worker = new CommandWorker();

        var crashed = await worker.RunTrialAsync(_trainer, Trials.Sgd(armName: "crash"), _dir.Options(), cancel: Cancel);
        var next = await worker.RunTrialAsync(_trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Failed, crashed.Status);
        Assert.Equal(7, crashed.ExitCode);
        Assert.StartsWith("the worker exited with code 7; the end of its stderr:", crashed.Error);
        Assert.EndsWith("crashing", crashed.Error);
        Assert.Equal(TrialStatus.Completed, next.Status);
        Assert.Equal(2, worker.Starts);
    }

    [Fact]
    public async Task DoneWithFailedFailsTheTrialAndKeepsTheWorker()
    {
        await using var worker = new CommandWorker();

        var failed = await worker.RunTrialAsync(_trainer, Trials.Sgd(armName: "fail"), _dir.Options(), cancel: Cancel);
        var next = await worker.RunTrialAsync(_trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal((TrialStatus.Failed, "out of memory"), (failed.Status, failed.Error));
        Assert.Equal(TrialStatus.Completed, next.Status);
        Assert.Equal(1, worker.Starts);
    }

    [Fact]
    public async Task ATrialStoppedEarlyKillsItsWorkerAndTheNextTrialStartsAFreshOne()
    {
        await using var worker = new CommandWorker();
        var stopAtOnce = new RecordingObserver(_ => ReportDecision.Stop);

        var stopped = await worker.RunTrialAsync(_trainer, Trials.Sgd(armName: "hang"), _dir.Options(), stopAtOnce, cancel: Cancel);
        int group = ScriptDirectory.Numbers(stopped.Stderr, "worker").Single();
        var next = await worker.RunTrialAsync(_trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.Equal(TrialStatus.Stopped, stopped.Status);
        Assert.False(ScriptDirectory.GroupHasLiveMembers(group));
        Assert.Equal(TrialStatus.Completed, next.Status);
        Assert.Equal(2, worker.Starts);
    }

    [Fact]
    public async Task ATrialPastItsTimeoutFailsAndKillsItsWorker()
    {
        await using var worker = new CommandWorker();
        var result = await worker.RunTrialAsync(_trainer with { TimeoutSeconds = 1 }, Trials.Sgd(armName: "hang"), _dir.Options(), cancel: Cancel);
        Assert.Equal((TrialStatus.Failed, "timed out after 1 s"), (result.Status, result.Error));
        Assert.False(ScriptDirectory.GroupHasLiveMembers(ScriptDirectory.Numbers(result.Stderr, "worker").Single()));
        Assert.Null(worker.Pid);
    }

    [Fact]
    public async Task ATrialWithOtherArgumentsGetsItsOwnWorker()
    {
        await using var worker = new CommandWorker();
        await worker.RunTrialAsync(_trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        var other = await worker.RunTrialAsync(_trainer.With(["--depth", "50"], null), Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Completed, other.Status);
        Assert.Equal(2, worker.Starts);
    }

    [Fact]
    public async Task ThePoolRunsEachModeAndItsDisposalEndsEveryWorker()
    {
        int group;
        await using (var pool = new WorkerPool())
        {
            var inWorker = await pool.RunTrialAsync(3, _trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
            var inProcess = await pool.RunTrialAsync(3, _trainer with { Mode = TrainerMode.Process }, Trials.Sgd(), _dir.Options(), cancel: Cancel);
            group = ScriptDirectory.Numbers(inWorker.Stderr, "worker").Single();

            Assert.Equal(TrialStatus.Completed, inWorker.Status);
            Assert.Equal(TrialStatus.Failed, inProcess.Status); // its stdin is closed at once: the loop ends without a report
            Assert.StartsWith("reported no metrics", inProcess.Error);
            Assert.Equal(group, pool.Worker(3).Pid);
        }
        Assert.False(ScriptDirectory.GroupHasLiveMembers(group));
    }
}
