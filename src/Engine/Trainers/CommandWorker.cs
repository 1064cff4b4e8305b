using System.Diagnostics;
using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Worker mode for one slot: one long-lived program fed one trial per line on stdin (the trial's JSON, with its
/// <c>checkpointDir</c>), which reports as in process mode and ends each trial with <c>{"done": true}</c>. The program
/// is started on the first trial and again after it exited or was stopped (a trial stopped early kills its worker), and
/// when a trial's command, working directory or environment differs from the running one's (an arm with other args).
/// One trial at a time.
/// </summary>
public sealed class CommandWorker : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private CommandProcess? _process;
    private ProgramStart? _running;

    /// <summary>How many times a program was started for this slot.</summary>
    public int Starts { get; private set; }

    /// <summary>The running program's pid (its process group's id on Linux), if one runs.</summary>
    public int? Pid => _process is { HasEnded: false } process ? process.Pid : null;

    public async Task<CommandRunResult> RunTrialAsync(
        CommandTrainerSpec trainer,
        TrialContext trial,
        CommandRunOptions options,
        ICommandRunObserver? observer = null,
        TrialControl? control = null,
        CancellationToken cancel = default)
    {
        var clock = Stopwatch.StartNew();
        if (!CommandRun.TryMonitor(trainer, observer, options, out var monitor, out var parserError)) return CommandRun.Failed(parserError, monitor, clock);
        try
        {
            await _gate.WaitAsync(cancel);
        }
        catch (OperationCanceledException)
        {
            return CommandRun.Result(TrialStatus.Cancelled, null, "cancelled before it started", null, monitor, clock);
        }
        try
        {
            var problems = new List<PlaceholderProblem>();
            var command = CommandExpansion.Expand(trainer, new TrialPlaceholders(trial, options.CheckpointDirectory), problems);
            if (problems.Count > 0) return CommandRun.Failed(string.Join("; ", problems.Select(p => "trainer." + p)), monitor, clock);
            if (options.CheckpointDirectory is { } checkpoints) Directory.CreateDirectory(checkpoints);

            var start = new ProgramStart(
                command.Argv, options.WorkingDirectory(command.WorkingDirectory),
                TrialEnvironment.ForWorker(command, options.Gpu), KeepStdinOpen: true, options.EffectiveGrace);
            if (_process is not null && (_process.HasEnded || !SameProgram(_running!, start))) await StopWorkerAsync();
            if (_process is null)
            {
                try
                {
                    _process = CommandProcess.Start(start);
                }
                catch (TrainerStartException e)
                {
                    return CommandRun.Failed(e.Message, monitor, clock);
                }
                _running = start;
                Starts++;
            }

            // A worker that no longer reads its stdin has exited or is about to: its exit event ends the trial below.
            await _process.WriteLineAsync(trial.ToJson(options.CheckpointDirectory));
            TrialLoop.End end;
            try
            {
                end = await TrialLoop.RunAsync(_process, monitor, trainer.TimeoutSeconds, control, untilDone: true, cancel);
            }
            catch
            {
                await StopWorkerAsync();
                throw;
            }
            if (!end.IsDone) await StopWorkerAsync();
            var (status, error, detail) = TrialLoop.Outcome(end, monitor, trainer.TimeoutSeconds, trainer.Metrics, "the worker");
            return CommandRun.Result(status, error, detail, end.ExitCode, monitor, clock);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await StopWorkerAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task StopWorkerAsync()
    {
        if (_process is null) return;
        await _process.DisposeAsync();
        _process = null;
        _running = null;
    }

    private static bool SameProgram(ProgramStart a, ProgramStart b) =>
        a.Argv.SequenceEqual(b.Argv, StringComparer.Ordinal)
        && a.WorkingDirectory == b.WorkingDirectory
        && a.Grace == b.Grace
        && a.Environment.Count == b.Environment.Count
        && a.Environment.All(pair => b.Environment.TryGetValue(pair.Key, out var value) && value == pair.Value);
}
