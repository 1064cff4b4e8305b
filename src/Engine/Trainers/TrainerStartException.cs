namespace SweepCluster.Engine.Trainers;

/// <summary>A trainer's program could not be started (executable or working directory missing); the message is for the user as is.</summary>
public sealed class TrainerStartException(string message) : Exception(message);
