namespace SweepCluster.Grains.Load;

/// <summary>
/// The cluster's board of training load (key 0, soft state): every silo reports its slots about once a second and
/// gets the whole board back, which its placement director reads. Clients list the silos here.
/// </summary>
[Alias("sweep.IClusterLoadGrain")]
public interface IClusterLoadGrain : IGrainWithIntegerKey
{
    /// <summary>Records one silo's load and returns every active silo's.</summary>
    [Alias("Report")]
    Task<IReadOnlyList<SiloLoad>> Report(SiloLoad load);

    /// <summary>The active silos and their load, in address order.</summary>
    [Alias("GetSilos")]
    Task<IReadOnlyList<SiloLoad>> GetSilos();
}
