namespace SweepCluster.Grains.Connection;

/// <summary>Nothing answered where the client looked for a cluster; the message is one line a CLI can print as is.</summary>
public sealed class ClusterUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
