using System.Diagnostics;
using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Runs one trial of a user's program in process mode: expands the command for the trial, writes the
/// <c>SWEEP_TRIAL</c> file, starts the program in a process group of its own, follows its reports until it exits or
/// is stopped, and says how it ended. Never throws for what the program does; a missing executable or working
/// directory, or a placeholder the trial cannot fill, is a <c>failed</c> result with a clear message.
/// </summary>
public static class CommandRun
{
    public static async Task<CommandRunResult> RunAsync(
        CommandTrainerSpec trainer,
        TrialContext trial,
        CommandRunOptions options,
        ICommandRunObserver? observer = null,
        TrialControl? control = null,
        CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        if (!TryMonitor(trainer, observer, options, out var monitor, out var parserError)) return Failed(parserError, monitor, clock);
        string? trialFile = null;
        try
        {
            var problems = new List<PlaceholderProblem>();
            var command = CommandExpansion.Expand(trainer, new TrialPlaceholders(trial, options.CheckpointDirectory), problems);
            if (problems.Count > 0) return Failed(string.Join("; ", problems.Select(p => "trainer." + p)), monitor, clock);

            if (options.CheckpointDirectory is { } checkpoints) Directory.CreateDirectory(checkpoints);
            trialFile = WriteTrialFile(trial, options);
            var start = new ProgramStart(
                command.Argv, options.WorkingDirectory(command.WorkingDirectory),
                TrialEnvironment.ForTrial(command, trial, trialFile, options), KeepStdinOpen: false, options.EffectiveGrace);

            CommandProcess process;
            try
            {
                process = CommandProcess.Start(start);
            }
            catch (TrainerStartException e)
            {
                return Failed(e.Message, monitor, clock);
            }
            await using (process)
            {
                var end = await TrialLoop.RunAsync(process, monitor, trainer.TimeoutSeconds, control, untilDone: false, cancel);
                var (status, error, detail) = TrialLoop.Outcome(end, monitor, trainer.TimeoutSeconds, trainer.Metrics, "the program");
                return Result(status, error, detail, end.ExitCode, monitor, clock);
            }
        }
        finally
        {
            if (trialFile is not null) TryDelete(trialFile);
        }
    }

    /// <summary>The trial's monitor; false (with an empty monitor) when the metrics section cannot be used.</summary>
    internal static bool TryMonitor(CommandTrainerSpec trainer, ICommandRunObserver? observer, CommandRunOptions options, out TrialMonitor monitor, out string error)
    {
        try
        {
            monitor = new TrialMonitor(ReportParsers.For(trainer.Metrics), observer, options);
            error = "";
            return true;
        }
        catch (InputException e)
        {
            monitor = new TrialMonitor(new JsonReportParser(), observer, options);
            error = e.Message;
            return false;
        }
    }

    internal static CommandRunResult Result(TrialStatus status, string? error, string? detail, int? exitCode, TrialMonitor monitor, Stopwatch clock) =>
        new(status, error, detail, exitCode, monitor.ReportCount, monitor.LastEpoch, monitor.LastReport, [.. monitor.Reports],
            monitor.Stdout.ToString(), monitor.Stderr.ToString(), clock.Elapsed.TotalSeconds);

    internal static CommandRunResult Failed(string error, TrialMonitor monitor, Stopwatch clock) =>
        Result(TrialStatus.Failed, error, null, null, monitor, clock);

    private static string WriteTrialFile(TrialContext trial, CommandRunOptions options)
    {
        string folder = options.TrialFileDirectory ?? Path.Combine(Path.GetTempPath(), "sweepcluster-trials");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"trial-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, trial.ToJson(options.CheckpointDirectory) + "\n");
        return file;
    }

    private static void TryDelete(string file)
    {
        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover trial file in the temp folder is harmless.
        }
    }
}
