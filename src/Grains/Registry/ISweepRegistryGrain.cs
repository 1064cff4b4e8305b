using Orleans.Concurrency;

namespace SweepCluster.Grains.Registry;

/// <summary>
/// The sweeps this cluster knows (key 0), for <c>sweep list</c>: each coordinator registers itself when its sweep is
/// first stored. Only the newest <see cref="SweepRegistryGrain.Capacity"/> are kept; a sweep's status and best are
/// its coordinator's to tell, not kept here.
/// </summary>
[Alias("sweep.ISweepRegistryGrain")]
public interface ISweepRegistryGrain : IGrainWithIntegerKey
{
    /// <summary>Adds a sweep; registering the same id again changes nothing.</summary>
    [Alias("Register")]
    Task Register(string sweepId, string name, DateTime submittedUtc, string? parentSweepId);

    /// <summary>The newest <paramref name="limit"/> sweeps, newest first.</summary>
    [Alias("List"), ReadOnly]
    Task<IReadOnlyList<SweepListing>> List(int limit);

    /// <summary>How many sweeps are kept.</summary>
    [Alias("Count"), ReadOnly]
    Task<int> Count();
}
