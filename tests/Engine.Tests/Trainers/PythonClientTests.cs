using SweepCluster.Engine.Results;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>clients/python/sweepcluster.py driven by the engine's runner: both sides of the trainer protocol together.</summary>
public sealed class PythonClientTests : IDisposable
{
    private readonly ScriptDirectory _dir = new();
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task AProgramUsingTrialAndReportCompletesWithItsEpochAndStepReports()
    {
        var trainer = Python("""
            import sweepcluster as sc
            t = sc.trial()
            for epoch in range(1, t["training"]["epochs"] + 1):
                sc.report(step=epoch * 10, train_loss=1.0 / epoch, learning_rate=sc.learning_rate())
                sc.report(epoch=epoch, train_loss=1.0 / epoch, validation_loss=1.1 / epoch, validation_accuracy=0.5 + 0.1 * epoch)
            print("checkpoint", sc.checkpoint_dir())
            """);
        string checkpoint = Path.Combine(_dir.Path, "ckpt");

        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(learningRate: 0.05), _dir.Options(checkpoint), cancel: Cancel);

        Assert.True(result.Status == TrialStatus.Completed, result.Error + result.Stderr);
        Assert.Equal(6, result.ReportCount);
        Assert.Equal(new TrainerReport(3, null, 1.0 / 3, 1.1 / 3, 0.5 + 0.1 * 3), result.LastEpoch);
        Assert.Equal(new TrainerReport(null, 30, 1.0 / 3, LearningRate: 0.05), result.Reports[^2]);
        Assert.Contains($"checkpoint {checkpoint}\n", result.Stdout);
    }

    [Fact]
    public async Task ANaNLossReportedByPythonIsDivergence()
    {
        var trainer = Python("""
            import time, sweepcluster as sc
            sc.report(epoch=1, train_loss=2.3)
            sc.report(epoch=2, train_loss=float("nan"))
            time.sleep(1000)
            """);
        var result = await CommandRun.RunAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        Assert.Equal(TrialStatus.Diverged, result.Status);
        Assert.Equal("reported trainLoss NaN", result.Detail);
    }

    [Fact]
    public async Task AServingWorkerReportsAFailingTrialAndKeepsServing()
    {
        var trainer = Python("""
            import sweepcluster as sc
            def train(t):
                if t["armName"] == "fail":
                    raise RuntimeError("bad batch")
                sc.report(epoch=1, train_loss=t["learningRate"])
            sc.serve(train)
            """) with { Mode = TrainerMode.Worker };
        await using var worker = new CommandWorker();

        var failed = await worker.RunTrialAsync(trainer, Trials.Sgd(armName: "fail"), _dir.Options(), cancel: Cancel);
        var next = await worker.RunTrialAsync(trainer, Trials.Sgd(learningRate: 0.25), _dir.Options(), cancel: Cancel);

        Assert.Equal((TrialStatus.Failed, "RuntimeError: bad batch"), (failed.Status, failed.Error));
        Assert.Contains("Traceback", failed.Stderr);
        Assert.True(next.Status == TrialStatus.Completed, next.Error + next.Stderr);
        Assert.Equal(0.25, next.LastEpoch!.TrainLoss);
        Assert.Equal(1, worker.Starts);
    }

    [Fact]
    public async Task AnExceptionInsideTrialsEndsTheWorkerWhichStartsAgainForTheNextTrial()
    {
        var trainer = Python("""
            import sweepcluster as sc
            for t in sc.trials():
                if t["armName"] == "fail":
                    raise RuntimeError("bad batch")
                sc.report(epoch=1, train_loss=t["learningRate"])
            """) with { Mode = TrainerMode.Worker };
        await using var worker = new CommandWorker();

        var first = await worker.RunTrialAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);
        var failed = await worker.RunTrialAsync(trainer, Trials.Sgd(armName: "fail"), _dir.Options(), cancel: Cancel);
        var next = await worker.RunTrialAsync(trainer, Trials.Sgd(), _dir.Options(), cancel: Cancel);

        Assert.True(first.Status == TrialStatus.Completed, first.Error + first.Stderr);
        Assert.Equal(TrialStatus.Failed, failed.Status);
        Assert.StartsWith("the worker exited with code 1", failed.Error);
        Assert.EndsWith("RuntimeError: bad batch", failed.Error);
        Assert.Equal(TrialStatus.Completed, next.Status);
        Assert.Equal(2, worker.Starts);
    }

    private CommandTrainerSpec Python(string program)
    {
        string file = Path.Combine(_dir.Path, $"train_{Guid.NewGuid():N}.py");
        File.WriteAllText(file, program.Replace("\r\n", "\n") + "\n");
        return new CommandTrainerSpec(
            ["python3", file], _dir.Path,
            new Dictionary<string, string> { ["PYTHONPATH"] = Path.Combine(TestPaths.RepoRoot, "clients", "python") },
            TrainerMetricsSpec.Json);
    }
}
