using System.Runtime.InteropServices;

namespace SweepCluster.Engine.Trainers;

/// <summary>The POSIX calls .NET does not expose: signalling a process group.</summary>
internal static partial class NativeMethods
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>errno "no such process".</summary>
    public const int Esrch = 3;

    /// <summary>kill(2): a negative pid signals the whole process group -pid; signal 0 only checks that it exists.</summary>
    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);

    [LibraryImport("libc", EntryPoint = "getpgrp")]
    public static partial int GetProcessGroup();
}
