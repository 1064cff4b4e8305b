using SweepCluster.Engine.Training;

namespace SweepCluster.Grains.Telemetry;

/// <summary>A trial training on this silo now, as the metrics see it: its labels and its live progress.</summary>
public sealed record RunningTrial(string SweepId, string TrialId, int Arm, TrainingProgress Progress);
