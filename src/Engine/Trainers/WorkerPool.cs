using System.Collections.Concurrent;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The trainers of one host by slot: runs a trial in the mode its trainer asks for, a fresh process
/// (<see cref="CommandRun"/>) or the slot's long-lived <see cref="CommandWorker"/>. Disposing it stops every worker.
/// </summary>
public sealed class WorkerPool : IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, CommandWorker> _workers = new();

    public CommandWorker Worker(int slot) => _workers.GetOrAdd(slot, _ => new CommandWorker());

    public Task<CommandRunResult> RunTrialAsync(
        int slot,
        CommandTrainerSpec trainer,
        TrialContext trial,
        CommandRunOptions options,
        ICommandRunObserver? observer = null,
        TrialControl? control = null,
        CancellationToken cancel = default) =>
        trainer.Mode == TrainerMode.Worker
            ? Worker(slot).RunTrialAsync(trainer, trial, options, observer, control, cancel)
            : CommandRun.RunAsync(trainer, trial, options, observer, control, cancel);

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers.Values) await worker.DisposeAsync();
        _workers.Clear();
    }
}
