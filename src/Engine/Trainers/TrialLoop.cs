using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Runs one trial on a started program until it ends: the program exits, a worker says done, or the trial is stopped
/// (observer, divergence, timeout, stop or cancel request), in which case the program's group is terminated and the
/// loop waits for its exit. Shared by process mode and worker mode.
/// </summary>
internal static class TrialLoop
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>How the loop ended: <see cref="ExitCode"/> when the program exited, <see cref="IsDone"/> when a worker finished the trial.</summary>
    public readonly record struct End(int? ExitCode, bool IsDone, string? Failure, StopCause? Stopped, string? Why);

    public static async Task<End> RunAsync(
        CommandProcess process, TrialMonitor monitor, double? timeoutSeconds, TrialControl? control, bool untilDone, CancellationToken cancel)
    {
        var requested = new TaskCompletionSource<(StopCause, string?)>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = timeoutSeconds is double seconds ? new CancellationTokenSource(TimeSpan.FromSeconds(seconds)) : null;
        using var onTimeout = timeout?.Token.Register(() => requested.TrySetResult((StopCause.TimedOut, null)));
        using var onCancel = cancel.Register(() => requested.TrySetResult((StopCause.Cancelled, "cancelled")));
        _ = control?.Requested.ContinueWith(
            t => requested.TrySetResult((t.Result, t.Result == StopCause.Cancelled ? "cancelled" : "stopped early by the search")),
            CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

        StopCause? stopping = null;
        string? why = null;
        var reader = process.Events;
        Task<bool>? waiting = null;
        while (true)
        {
            while (reader.TryRead(out var item))
            {
                if (item.IsExit) return new End(item.ExitCode, false, null, stopping, why);
                LineOutcome outcome;
                try
                {
                    outcome = await monitor.OnLineAsync(item.Stream, item.Line, decide: stopping is null, cancel);
                }
                catch (OperationCanceledException) when (cancel.IsCancellationRequested)
                {
                    outcome = LineOutcome.Stop(StopCause.Cancelled, "cancelled");
                }
                if (stopping is not null) continue;
                if (outcome.IsDone && untilDone)
                {
                    if (outcome.Failure is not null) await DrainStderrAsync(reader, monitor);
                    return new End(null, true, outcome.Failure, null, null);
                }
                if (outcome.StopCause is { } cause)
                {
                    (stopping, why) = (cause, outcome.Why);
                    _ = process.TerminateAsync();
                }
            }
            waiting ??= reader.WaitToReadAsync(CancellationToken.None).AsTask();
            Task stop = stopping is null ? requested.Task : Never;
            var first = await Task.WhenAny(waiting, stop);
            if (first == waiting)
            {
                bool more = await waiting;
                waiting = null;
                if (!more) return new End(-1, false, null, stopping, why);
                continue;
            }
            (stopping, why) = requested.Task.Result;
            _ = process.TerminateAsync();
        }
    }

    /// <summary>
    /// A worker writes a failed trial's traceback to stderr before its "done" line on stdout, but the two pipes are read
    /// apart: the stderr lines already on their way get a moment to arrive, so the trial's stderr tail holds them. Only
    /// stderr lines are taken; anything else (the worker's exit) is left for whoever reads next.
    /// </summary>
    private static async Task DrainStderrAsync(ChannelReader<ProcessEvent> reader, TrialMonitor monitor)
    {
        var total = Stopwatch.StartNew();
        var quiet = Stopwatch.StartNew();
        while (total.Elapsed < DrainLongest && quiet.Elapsed < DrainQuiet)
        {
            if (!reader.TryPeek(out var next))
            {
                await Task.Delay(5);
                continue;
            }
            if (next.IsExit || next.Stream != OutputStream.Stderr) return;
            reader.TryRead(out _);
            await monitor.OnLineAsync(next.Stream, next.Line, decide: false, CancellationToken.None);
            quiet.Restart();
        }
    }

    private static readonly TimeSpan DrainQuiet = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan DrainLongest = TimeSpan.FromMilliseconds(250);

    /// <summary>The trial's status and message for how its loop ended.</summary>
    public static (TrialStatus Status, string? Error, string? Detail) Outcome(End end, TrialMonitor monitor, double? timeoutSeconds, TrainerMetricsSpec metrics, string who)
    {
        switch (end.Stopped)
        {
            case StopCause.Cancelled:
                return (TrialStatus.Cancelled, null, end.Why ?? "cancelled");
            case StopCause.EarlyStopped:
                return (TrialStatus.Stopped, null, end.Why);
            case StopCause.Diverged:
                return (TrialStatus.Diverged, null, end.Why);
            case StopCause.TimedOut:
                string limit = (timeoutSeconds ?? 0).ToString("0.###", CultureInfo.InvariantCulture);
                return (TrialStatus.Failed, $"timed out after {limit} s", null);
        }
        if (end.IsDone && end.Failure is { } failure) return (TrialStatus.Failed, failure, null);
        if (end.IsDone || end.ExitCode == 0)
            return monitor.ReportCount > 0
                ? (TrialStatus.Completed, null, null)
                : (TrialStatus.Failed, "reported no metrics: " + NoMetricsHint(metrics), null);
        return (TrialStatus.Failed, ExitMessage(who, end.ExitCode ?? -1, monitor.Stderr), null);
    }

    private static string NoMetricsHint(TrainerMetricsSpec metrics) => metrics.Format == TrainerMetricsFormat.Regex
        ? "no stdout or stderr line matched trainer.metrics.pattern with a number in a named group"
        : "no stdout line was a JSON object with a numeric \"epoch\" or \"step\", e.g. {\"epoch\": 1, \"validationLoss\": 0.3}";

    private static string ExitMessage(string who, int code, OutputTail stderr)
    {
        // .NET reports a program killed by signal n as exit code 128 + n.
        string signal = code is > 128 and <= 128 + 64 ? $" (128 + signal {code - 128}{SignalName(code - 128)}: killed by a signal, or exited so)" : "";
        string tail = stderr.LastLines(CommandRunOptions.ErrorTailBytes);
        return tail.Length == 0
            ? $"{who} exited with code {code}{signal}; it wrote nothing on stderr"
            : $"{who} exited with code {code}{signal}; the end of its stderr:\n{tail}";
    }

    private static string SignalName(int signal) => signal switch
    {
        1 => ", SIGHUP",
        2 => ", SIGINT",
        6 => ", SIGABRT",
        9 => ", SIGKILL",
        11 => ", SIGSEGV",
        15 => ", SIGTERM",
        _ => "",
    };
}
