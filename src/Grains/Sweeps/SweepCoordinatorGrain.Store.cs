using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The coordinator's log in storage (<see cref="SweepLogStore"/>): entries appended to the head's tail, stored pages
/// first and then the head, and the search restored from both.
/// </summary>
public sealed partial class SweepCoordinatorGrain
{
    private SweepLogStore? _store;

    private SweepLogStore Store => _store ??= new SweepLogStore(storage, this.GetGrainId());

    private void Append(SweepLogEntry entry) => state.State.Tail.Add(entry);

    /// <summary>Stores the log: the full pages of its tail first, then the head that counts them.</summary>
    private async Task SaveAsync()
    {
        await Store.SealAsync(state.State, state.Etag);
        await state.WriteStateAsync();
        _unsaved = false;
    }

    /// <summary>The search as the stored pages and the head in memory tell it.</summary>
    private async Task<SweepSearch> RestoreAsync(SweepSpec spec)
    {
        var replay = await Store.ReadAsync(state.State);
        var inheritance = state.State.InheritanceJson is { } json ? SweepLog.Read<SweepInheritance>(json) : null;
        return replay.Restore(spec, inheritance);
    }
}
