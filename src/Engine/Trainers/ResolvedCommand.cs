namespace SweepCluster.Engine.Trainers;

/// <summary>A trainer's command line and extra environment with every placeholder replaced by the trial's values.</summary>
public sealed record ResolvedCommand(IReadOnlyList<string> Argv, string? WorkingDirectory, IReadOnlyDictionary<string, string> Env);
