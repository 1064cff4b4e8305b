using SweepCluster.Grains.Hosting;

namespace SweepCluster.Grains.Registry;

/// <summary>
/// Thin over <see cref="RecentSweeps"/>. Every registration writes the whole list, so its cost grows with the sweeps
/// kept, up to <see cref="Capacity"/>. Sweeps are submitted by people, seldom, and one key keeps listing a single read.
/// </summary>
public sealed class SweepRegistryGrain(
    [PersistentState("registry", SweepStorage.Name)] IPersistentState<SweepRegistryState> state) : Grain, ISweepRegistryGrain
{
    public const int Capacity = 10_000;

    private RecentSweeps? _recent;

    private RecentSweeps Recent => _recent ??= new RecentSweeps(state.State.Sweeps, Capacity);

    public async Task Register(string sweepId, string name, DateTime submittedUtc, string? parentSweepId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentNullException.ThrowIfNull(name);
        if (Recent.Add(new SweepListing(sweepId, name, submittedUtc, parentSweepId))) await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SweepListing>> List(int limit) => Task.FromResult(Recent.Newest(limit));

    public Task<int> Count() => Task.FromResult(Recent.Count);
}
