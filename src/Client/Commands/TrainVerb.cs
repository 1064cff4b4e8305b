using System.CommandLine;
using System.Text.Json;
using SweepCluster.Client.Console;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep train SPEC.json [--learning-rate X] [--out FILE]`: one training run in this process, no cluster; writes one
/// Trial (docs/results.md) where <see cref="ResultDestination"/> says: of the built-in trainer, or of the spec's own
/// program (<see cref="ProgramTrain"/>). Progress goes to standard error so standard output stays pure JSON.
/// </summary>
public sealed class TrainVerb(TextWriter stdout, TextWriter stderr, ResultConsole console) : IVerb
{
    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var learningRate = new Option<string?>("--learning-rate") { Description = "train at this η instead of optimizer.learningRate" };
        var arm = new Option<string?>("--arm") { Description = "train this arm of search.arms (by name) instead of the base spec" };
        var output = CommonOptions.Out();
        var command = new Command("train", "one training run in this process (no cluster); writes one Trial (docs/cli.md)") { spec, learningRate, arm, output };
        command.SetAction((parsed, cancel) => RunAsync(
            parsed.GetValue(spec)!, parsed.GetValue(learningRate), parsed.GetValue(arm), parsed.GetValue(output), cancel));
        return command;
    }

    private async Task<int> RunAsync(string path, string? learningRateText, string? armName, string? output, CancellationToken cancel)
    {
        var overrideRate = CommonOptions.PositiveNumber(learningRateText, "--learning-rate");
        var spec = SpecParser.ParseFile(path, overrideRate);
        var arm = SelectArm(spec, armName);
        // The parser settled η in the arm (--learning-rate included); a spec whose search supplies it may have none.
        var learningRate = arm.FixedLearningRate()
            ?? throw new InputException($"optimizer.learningRate: missing; `sweep train` needs a learning rate: set it in the spec or pass --learning-rate.");
        DataCompatibility.Ensure(spec);
        var destination = ResultDestination.Choose(output, console);
        var trialId = "t-" + Guid.NewGuid().ToString("N")[..8];

        Trial trial;
        if (spec.Trainer is { } program)
        {
            (trial, _) = await ProgramTrain.RunAsync(spec, program, arm, learningRate, trialId, stderr, cancel);
        }
        else
        {
            var plan = TrialPlan.For(spec, arm, learningRate);
            var progress = new TrainingProgress();
            using var reporter = EpochReporter.Create(stderr, spec.Name, arm.Name, learningRate, progress);
            trial = await Task.Factory.StartNew(
                () => Trainer.Run(plan, progress, reporter, cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            reporter.Finish(trial);
        }

        var saved = destination.PathFor(spec.Name, trialId);
        await CommonOptions.WriteResultAsync(JsonSerializer.Serialize(trial, SpecJson.Options), saved, stdout);
        if (destination.Summarizes)
            foreach (var line in ResultSummary.OfTrial(trial, spec.Name, arm.Name, ResultDestination.Shown(saved!))) await stdout.WriteLineAsync(line);
        return ExitCode(trial, stderr);
    }

    /// <summary>
    /// 0 for a run that finished (diverged included), 3 when cancelled, 1 when it failed (a program that exited with an
    /// error, reported nothing or timed out), with the error on standard error; the Trial is written in every case.
    /// </summary>
    private static int ExitCode(Trial trial, TextWriter stderr)
    {
        switch (trial.Status)
        {
            case TrialStatus.Cancelled:
                return SweepCommand.Cancelled;
            case TrialStatus.Failed:
                stderr.WriteLine("error: the run failed: " + (trial.Error ?? "no reason given"));
                return SweepCommand.Failure;
            default:
                return SweepCommand.Ok;
        }
    }

    private static ArmSpec SelectArm(SweepSpec spec, string? name)
    {
        var arms = spec.ResolvedArms();
        if (name is null) return spec.Search.Arms.Count > 0 ? new ArmSpec("default", spec.Model, spec.Optimizer, spec.Schedule, spec.Training) : arms[0];
        return arms.FirstOrDefault(a => a.Name == name)
            ?? throw new InputException($"--arm: \"{name}\" is not an arm of this spec; allowed: {string.Join(", ", arms.Select(a => a.Name))}.");
    }
}
