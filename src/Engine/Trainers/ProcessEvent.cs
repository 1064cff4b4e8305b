namespace SweepCluster.Engine.Trainers;

/// <summary>An output line of a running program, or its end (after both streams were drained); Exit is always last.</summary>
internal readonly record struct ProcessEvent(bool IsExit, OutputStream Stream, string Line, int ExitCode)
{
    public static ProcessEvent Output(OutputStream stream, string line) => new(false, stream, line, 0);

    public static ProcessEvent Exit(int code) => new(true, OutputStream.Stdout, "", code);
}
