namespace SweepCluster.Grains.Registry;

/// <summary>
/// The registry's list and its rules, apart from the grain: oldest first by submission time, each id once, at most
/// <c>capacity</c> (the oldest are dropped). Works on the list it is given, which is the grain's stored state.
/// </summary>
internal sealed class RecentSweeps
{
    private readonly List<SweepListing> _sweeps;
    private readonly int _capacity;
    private readonly HashSet<string> _ids;

    public RecentSweeps(List<SweepListing> sweeps, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _sweeps = sweeps;
        _capacity = capacity;
        _ids = [.. sweeps.Select(s => s.SweepId)];
    }

    public int Count => _sweeps.Count;

    /// <returns>False when the id is known already (nothing changed).</returns>
    public bool Add(SweepListing listing)
    {
        if (!_ids.Add(listing.SweepId)) return false;
        // Coordinators on several silos may register slightly out of order: insert after every sweep not newer.
        var at = _sweeps.Count;
        while (at > 0 && _sweeps[at - 1].SubmittedUtc > listing.SubmittedUtc) at--;
        _sweeps.Insert(at, listing);
        if (_sweeps.Count > _capacity)
        {
            var excess = _sweeps.Count - _capacity;
            foreach (var dropped in _sweeps.Take(excess)) _ids.Remove(dropped.SweepId);
            _sweeps.RemoveRange(0, excess);
        }
        return true;
    }

    /// <summary>The newest <paramref name="limit"/>, newest first.</summary>
    public IReadOnlyList<SweepListing> Newest(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return [.. Enumerable.Range(0, Math.Min(limit, _sweeps.Count)).Select(i => _sweeps[_sweeps.Count - 1 - i])];
    }
}
