using System.Globalization;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The process group a trainer runs in (its id is the program's pid: it was started through <c>setsid</c>). Stopping
/// it sends SIGTERM to every member, then SIGKILL to whatever is left after the grace period, and waits until no live
/// member remains, so a program's children cannot outlive it. Zombies (dead, waiting to be reaped by their new parent)
/// do not count as members.
/// </summary>
internal sealed class ProcessGroup
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly Func<bool> _leaderRunning;

    /// <param name="leaderRunning">Whether the leader has not yet been reaped: only then may its pid be signalled on its
    /// own (before setsid ran), since a reaped pid can be reused by an unrelated process.</param>
    public ProcessGroup(int id, Func<bool> leaderRunning)
    {
        // Never the silo's own group, nor init's: signalling those would kill the host.
        if (id <= 1 || (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) && id == NativeMethods.GetProcessGroup())
            throw new ArgumentOutOfRangeException(nameof(id), id, "not a trainer's process group");
        Id = id;
        _leaderRunning = leaderRunning;
    }

    public int Id { get; }

    /// <summary>Sends a signal to every member; also to the leader alone when the group does not exist yet (setsid not run).</summary>
    public void Signal(int signal)
    {
        if (NativeMethods.Kill(-Id, signal) == 0) return;
        if (_leaderRunning()) NativeMethods.Kill(Id, signal);
    }

    /// <summary>Whether any member is still alive (not a zombie).</summary>
    public bool HasLiveMembers()
    {
        if (NativeMethods.Kill(-Id, 0) != 0) return _leaderRunning() && IsLive(Id);
        if (!Directory.Exists("/proc")) return true;
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(entry), NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && Stat(pid) is { } stat
                && stat.Group == Id && stat.State != 'Z' && stat.State != 'X')
                return true;
        return false;
    }

    /// <summary>
    /// SIGTERM to the group, SIGKILL after <paramref name="grace"/> if anything is left, then waits (at most
    /// <paramref name="killWait"/>) until nothing is. Returns whether the group is empty.
    /// </summary>
    public async Task<bool> TerminateAsync(TimeSpan grace, TimeSpan? killWait = null)
    {
        if (!HasLiveMembers()) return true;
        Signal(NativeMethods.SigTerm);
        if (await WaitEmptyAsync(grace)) return true;
        Signal(NativeMethods.SigKill);
        return await WaitEmptyAsync(killWait ?? TimeSpan.FromSeconds(10));
    }

    private async Task<bool> WaitEmptyAsync(TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        // Short waits first: after a program's own exit, the group's launcher shell ends within milliseconds of SIGTERM.
        var wait = TimeSpan.FromMilliseconds(2);
        while (HasLiveMembers())
        {
            if (DateTime.UtcNow >= until) return false;
            await Task.Delay(wait);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, Poll.Ticks));
        }
        return true;
    }

    private static bool IsLive(int pid) => Stat(pid) is not { State: 'Z' or 'X' };

    /// <summary>State and process group of a pid from /proc/PID/stat; null when it is gone or unreadable.</summary>
    internal static (char State, int Group)? Stat(int pid)
    {
        try
        {
            // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so read after the last ')'.
            var text = File.ReadAllText($"/proc/{pid}/stat");
            int end = text.LastIndexOf(')');
            if (end < 0) return null;
            var fields = text[(end + 2)..].Split(' ');
            return fields.Length > 2 && int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int group)
                ? (fields[0][0], group)
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
