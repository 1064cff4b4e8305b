namespace SweepCluster.Client.Commands;

/// <summary>
/// The command could not do what was asked, and the reason is one line for the user (no cluster there, no such
/// sweep, a sweep that cannot be refined): exit code 1, the message and no stack trace.
/// </summary>
public sealed class VerbFailure(string message) : Exception(message);
