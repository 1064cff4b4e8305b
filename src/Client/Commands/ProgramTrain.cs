using System.Text.Json;
using SweepCluster.Client.Console;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep train` of a spec whose trainer is a command: the user's program runs once in this process's care, as a trial of
/// a sweep would run it (the same placeholders, <c>SWEEP_TRIAL</c> and environment; sweep id empty, stage 0, attempt 1,
/// a checkpoint folder under the temp folder that is removed afterwards), and its reports become the Trial.
/// </summary>
internal static class ProgramTrain
{
    /// <returns>The Trial and why it was stopped or diverged, if it was.</returns>
    public static async Task<(Trial Trial, string? Detail)> RunAsync(
        SweepSpec spec, TrainerSpec trainer, ArmSpec arm, double learningRate, string trialId, TextWriter stderr, CancellationToken cancel)
    {
        if (trainer.Command is null)
            throw new InputException(
                $"trainer.name: \"{trainer.Name}\" is a trainer declared on the silos with --trainers, which `sweep train` cannot run; " +
                "give the program inline (\"command\": [...]) to train it here.");
        var command = trainer.Resolve(arm.Trainer);
        var armIndex = Math.Max(0, spec.Search.Arms.ToList().FindIndex(a => a.Name == arm.Name));
        var context = TrialContext.For(trialId, "", armIndex, arm.Name, 0, 1, learningRate, arm.Optimizer, arm.Schedule, arm.Training);
        var checkpoints = CheckpointDirectories.For(Path.Combine(Path.GetTempPath(), "sweepcluster-checkpoints"), trialId);
        var options = new CommandRunOptions(arm.Training.DivergenceFactor, checkpoints);
        // Shown as the program will see it; a placeholder that cannot be filled fails the run below with its message.
        var shown = CommandExpansion.Expand(command, new TrialPlaceholders(context, checkpoints), new List<PlaceholderProblem>());
        var printer = ReportPrinter.Create(stderr, spec.Name, arm.Name, learningRate, shown.Argv, arm.Training.Epochs);
        try
        {
            await using var pool = new WorkerPool();
            var run = await pool.RunTrialAsync(0, command, context, options, printer, cancel: cancel);
            var trial = CommandTrial.From(run, trialId, armIndex, 0, learningRate, arm.Optimizer, arm.Schedule);
            printer.Finish(trial, run.Detail);
            return (trial, run.Detail);
        }
        finally
        {
            TryDelete(checkpoints);
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover folder in the temp folder is harmless.
        }
    }
}
