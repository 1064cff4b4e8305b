namespace SweepCluster.Grains.Load;

/// <summary>
/// The cluster's board of training load (key 0, soft state): every silo reports its slots about once a second, and
/// placement reserves a slot here, so that a burst of placements made on several silos at once still spreads evenly.
/// Clients list the silos here.
/// </summary>
[Alias("sweep.IClusterLoadGrain")]
public interface IClusterLoadGrain : IGrainWithIntegerKey
{
    /// <summary>Records one silo's load and returns every active silo's.</summary>
    [Alias("Report")]
    Task<IReadOnlyList<SiloLoad>> Report(SiloLoad load);

    /// <summary>
    /// The candidate with the most free slots (reported, less the reservations made since), now reserved; ties at
    /// random. Null when a candidate has not reported yet (it just joined): the caller places by other means.
    /// </summary>
    [Alias("Reserve")]
    Task<SiloAddress?> Reserve(SiloAddress[] candidates);

    /// <summary>The active silos and their load, in address order.</summary>
    [Alias("GetSilos")]
    Task<IReadOnlyList<SiloLoad>> GetSilos();
}
