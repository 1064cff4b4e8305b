namespace SweepCluster.Grains.Registry;

/// <summary>One sweep as the registry keeps it: what is known when it is submitted and never changes after.</summary>
/// <param name="ParentSweepId">The sweep this one refines (<c>sweep refine</c>), else null.</param>
[GenerateSerializer, Immutable, Alias("sweep.SweepListing")]
public sealed record SweepListing(string SweepId, string Name, DateTime SubmittedUtc, string? ParentSweepId);
