namespace SweepCluster.Engine.Trainers;

/// <summary>How a program's output lines become reports: JSON objects on stdout, or a regular expression with named groups.</summary>
/// <param name="Pattern">The regular expression of <see cref="TrainerMetricsFormat.Regex"/>; null for JSON.</param>
public sealed record TrainerMetricsSpec(TrainerMetricsFormat Format = TrainerMetricsFormat.Json, string? Pattern = null)
{
    public static TrainerMetricsSpec Json { get; } = new();
}
