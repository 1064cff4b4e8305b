namespace SweepCluster.Grains.Registry;

/// <summary>What the registry keeps in grain storage. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("sweep.SweepRegistryState")]
public sealed class SweepRegistryState
{
    /// <summary>Oldest first, by submission time.</summary>
    [Id(0)] public List<SweepListing> Sweeps { get; set; } = [];
}
