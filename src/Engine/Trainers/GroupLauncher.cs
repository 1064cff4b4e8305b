namespace SweepCluster.Engine.Trainers;

/// <summary>
/// How a trainer's program is launched on Linux: <c>setsid</c> makes it lead a process group of its own, and a shell
/// started beside it in that group checks every second that the silo still runs. Once the silo is gone, even killed
/// with SIGKILL so that nobody else can stop its programs, that shell sends SIGKILL to the whole group: the trial is
/// about to start again elsewhere with the same checkpoint folder, and no process may be left behind. The shell then
/// execs the program, which keeps the pid, stdin, stdout, stderr and exit code that .NET sees.
/// </summary>
internal static class GroupLauncher
{
    // $1 the silo's pid, $2 sleep, then the program and its arguments. The watcher holds none of the program's pipes.
    private const string Script =
        "silo=$1; pause=$2; shift 2; " +
        "(while kill -0 \"$silo\" 2>/dev/null; do \"$pause\" 1; done; kill -s KILL 0) </dev/null >/dev/null 2>&1 & " +
        "exec \"$@\"";

    /// <summary>The command line that runs <paramref name="executable"/> this way; null where setsid, sh or sleep is missing.</summary>
    public static IReadOnlyList<string>? Prefix(string executable)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string? setsid = FirstExisting("/usr/bin/setsid", "/bin/setsid");
        string? shell = FirstExisting("/bin/sh", "/usr/bin/sh");
        string? sleep = FirstExisting("/usr/bin/sleep", "/bin/sleep");
        if (setsid is null || shell is null || sleep is null) return null;
        return [setsid, shell, "-c", Script, "sweep-trainer", $"{Environment.ProcessId}", sleep, executable];
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);
}
