using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// One running program of a trainer. On Linux it starts through <see cref="GroupLauncher"/>, so the program leads a
/// process group of its own, and stopping it (or its own exit, or the silo's death) ends every process in that group:
/// nothing it started outlives it.
/// Its stdout and stderr lines arrive on <see cref="Events"/>, followed by one exit event once it ended and its output
/// was drained. Without setsid (other systems) the process tree is killed instead.
/// </summary>
internal sealed class CommandProcess : IAsyncDisposable
{
    /// <summary>How long output is still read after the program and its group ended (a process that escaped the group may hold the pipe).</summary>
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(5);

    // Bounded: a program printing faster than its lines are handled waits on its pipe instead of filling the silo's memory.
    private readonly Channel<ProcessEvent> _events = Channel.CreateBounded<ProcessEvent>(new BoundedChannelOptions(4096) { SingleReader = true });
    private readonly Process _process;
    private readonly ProcessGroup? _group;
    private readonly TimeSpan _grace;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly Task _completion;
    private readonly Lock _terminateLock = new();
    private Task? _termination;

    private CommandProcess(Process process, ProcessGroup? group, TimeSpan grace)
    {
        _process = process;
        _group = group;
        _grace = grace;
        var stdout = Pump(process.StandardOutput.BaseStream, OutputStream.Stdout);
        var stderr = Pump(process.StandardError.BaseStream, OutputStream.Stderr);
        _completion = Task.Run(() => CompleteAsync(stdout, stderr));
    }

    public int Pid => _process.Id;

    public ChannelReader<ProcessEvent> Events => _events.Reader;

    /// <summary>Whether the program has ended and its exit event was written.</summary>
    public bool HasEnded => _completion.IsCompleted;

    /// <summary>Starts the program, or throws <see cref="TrainerStartException"/> saying clearly why it cannot.</summary>
    public static CommandProcess Start(ProgramStart start)
    {
        if (start.Argv.Count == 0 || string.IsNullOrWhiteSpace(start.Argv[0]))
            throw new TrainerStartException("trainer.command is empty; give the program to run and its arguments, e.g. [\"python3\", \"train.py\"].");
        if (!Directory.Exists(start.WorkingDirectory))
            throw new TrainerStartException($"trainer.workingDirectory: no such folder: {start.WorkingDirectory}");

        var info = new ProcessStartInfo
        {
            WorkingDirectory = start.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
        };
        // The silo's own settings (SWEEP_REDIS may hold a password) are not the program's business.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("SWEEP_", StringComparison.Ordinal)).ToList())
            info.Environment.Remove(name);
        foreach (var (name, value) in start.Environment) info.Environment[name] = value;

        info.Environment.TryGetValue("PATH", out var path);
        string executable = ExecutableLookup.Find(start.Argv[0], start.WorkingDirectory, path, out var searched)
            ?? throw new TrainerStartException(start.Argv[0].Contains('/')
                ? $"trainer.command[0]: executable not found: \"{start.Argv[0]}\" ({searched} does not exist or is not executable)."
                : $"trainer.command[0]: executable not found: \"{start.Argv[0]}\" is in no folder of the program's PATH ({searched}).");

        var launcher = GroupLauncher.Prefix(executable);
        if (launcher is null) info.FileName = executable;
        else
        {
            info.FileName = launcher[0];
            foreach (var argument in launcher.Skip(1)) info.ArgumentList.Add(argument);
        }
        foreach (var argument in start.Argv.Skip(1)) info.ArgumentList.Add(argument);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new TrainerStartException($"trainer.command[0]: \"{start.Argv[0]}\" could not be started.");
        }
        catch (Win32Exception e)
        {
            throw new TrainerStartException($"trainer.command[0]: \"{start.Argv[0]}\" could not be started: {e.Message}.");
        }
        if (!start.KeepStdinOpen) process.StandardInput.Close();
        // The child is not a group leader when it starts, so setsid makes it one in place: its pid is its group's id.
        return new CommandProcess(process, launcher is null ? null : new ProcessGroup(process.Id, () => IsRunning(process)), start.Grace);
    }

    /// <summary>Writes one line to the program's stdin; false when it no longer reads (it exited or closed stdin).</summary>
    public async Task<bool> WriteLineAsync(string line)
    {
        try
        {
            await _process.StandardInput.WriteAsync(line + "\n");
            await _process.StandardInput.FlushAsync();
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Stops the program and everything in its group: SIGTERM, then SIGKILL after the grace period. Idempotent.</summary>
    public Task TerminateAsync()
    {
        lock (_terminateLock) return _termination ??= Task.Run(TerminateCoreAsync);
    }

    private async Task TerminateCoreAsync()
    {
        if (_group is not null)
        {
            await _group.TerminateAsync(_grace);
            return;
        }
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await TerminateAsync();
        // Nobody may be reading any more: discard what is left so the exit event can be written and the pumps end.
        while (await _events.Reader.WaitToReadAsync())
            while (_events.Reader.TryRead(out _)) { }
        await _completion;
        _stopReading.Dispose();
        _process.Dispose();
    }

    private Task Pump(Stream stream, OutputStream which) => Task.Run(async () =>
    {
        try
        {
            await OutputLineReader.ReadAsync(stream, line => _events.Writer.WriteAsync(ProcessEvent.Output(which, line), _stopReading.Token), _stopReading.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The program ended and its output was abandoned after the drain limit, or the pipe broke.
        }
    });

    private async Task CompleteAsync(Task stdout, Task stderr)
    {
        await _process.WaitForExitAsync();
        int code = _process.ExitCode;
        // Whatever the program left behind in its group (a forked child, a data loader worker) ends with it.
        await TerminateAsync();
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(DrainLimit));
        _stopReading.Cancel();
        await _events.Writer.WriteAsync(ProcessEvent.Exit(code));
        _events.Writer.Complete();
    }

    private static bool IsRunning(Process process)
    {
        try
        {
            return !process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
