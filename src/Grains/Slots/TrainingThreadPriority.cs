using System.Runtime.InteropServices;

namespace SweepCluster.Grains.Slots;

/// <summary>
/// Lowers the calling (dedicated training) thread below the silo's own threads for as long as the scope lasts, so that
/// CPU-bound training on a small machine cannot starve the grain scheduler, membership probes and load reports: they
/// then preempt training instead of queueing behind it for whole time slices.
/// </summary>
/// <remarks>
/// On Linux <see cref="Thread.Priority"/> is accepted but has no effect (measured: the thread's nice value stays 0), so
/// there the thread's own nice value is raised with setpriority(2) on its kernel thread id. Restoring can be refused
/// to an unprivileged process; the threads lowered are <see cref="TrainingThreads"/>, which only ever train and keep the
/// lowered priority for their whole life, so it never leaks into other work.
/// </remarks>
internal static partial class TrainingThreadPriority
{
    private const int NiceIncrement = 10;
    private const int PrioProcess = 0;

    public static IDisposable Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                var tid = Gettid();
                var before = GetPriority(PrioProcess, tid);
                if (SetPriority(PrioProcess, tid, Math.Min(19, before + NiceIncrement)) == 0)
                    return new Restore(() => SetPriority(PrioProcess, tid, before));
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // A libc without gettid/setpriority: train at normal priority.
            }
            return Nothing;
        }
        var thread = Thread.CurrentThread;
        var previous = thread.Priority;
        thread.Priority = ThreadPriority.BelowNormal;
        return new Restore(() => thread.Priority = previous);
    }

    private static readonly IDisposable Nothing = new Restore(() => { });

    private sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int Gettid();

    [DllImport("libc", EntryPoint = "getpriority")]
    private static extern int GetPriority(int which, int who);

    [DllImport("libc", EntryPoint = "setpriority")]
    private static extern int SetPriority(int which, int who, int priority);
}
