namespace SweepCluster.Engine.Trainers;

/// <summary>How to start one program: its resolved argv, working directory, the variables to set over the inherited environment, and whether stdin stays open (worker mode).</summary>
internal sealed record ProgramStart(
    IReadOnlyList<string> Argv,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    bool KeepStdinOpen,
    TimeSpan Grace);
