using SweepCluster.Grains.Hosting;

namespace SweepCluster.Grains.Registry;

/// <summary>
/// One list, kept sorted by submission time so that the oldest are the ones dropped beyond <see cref="Capacity"/>.
/// Every registration writes the whole list (about 0.5 MB at capacity): sweeps are submitted by people, seldom.
/// </summary>
public sealed class SweepRegistryGrain(
    [PersistentState("registry", SweepStorage.Name)] IPersistentState<SweepRegistryState> state) : Grain, ISweepRegistryGrain
{
    public const int Capacity = 10_000;

    private HashSet<string>? _ids;

    public async Task Register(string sweepId, string name, DateTime submittedUtc, string? parentSweepId)
    {
        ArgumentException.ThrowIfNullOrEmpty(sweepId);
        ArgumentNullException.ThrowIfNull(name);
        var ids = _ids ??= [.. state.State.Sweeps.Select(s => s.SweepId)];
        if (!ids.Add(sweepId)) return;

        var sweeps = state.State.Sweeps;
        var listing = new SweepListing(sweepId, name, submittedUtc, parentSweepId);
        // Coordinators on several silos may register slightly out of order: insert after every sweep not newer.
        var at = sweeps.Count;
        while (at > 0 && sweeps[at - 1].SubmittedUtc > submittedUtc) at--;
        sweeps.Insert(at, listing);
        if (sweeps.Count > Capacity)
        {
            var excess = sweeps.Count - Capacity;
            foreach (var dropped in sweeps.Take(excess)) ids.Remove(dropped.SweepId);
            sweeps.RemoveRange(0, excess);
        }
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<SweepListing>> List(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var sweeps = state.State.Sweeps;
        IReadOnlyList<SweepListing> newest = [.. Enumerable.Range(0, Math.Min(limit, sweeps.Count)).Select(i => sweeps[sweeps.Count - 1 - i])];
        return Task.FromResult(newest);
    }

    public Task<int> Count() => Task.FromResult(state.State.Sweeps.Count);
}
