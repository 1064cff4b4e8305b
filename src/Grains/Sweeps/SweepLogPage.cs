namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// A sealed page of a sweep's log: <see cref="SweepLogStore.PageSize"/> entries, written once as a record of its own
/// (<see cref="SweepLogStore"/>) and only read after that. Ids are never renumbered.
/// </summary>
[GenerateSerializer, Alias("sweep.SweepLogPage")]
public sealed class SweepLogPage
{
    /// <summary>Its place in the log, from 0: a record read back under another page's id is refused.</summary>
    [Id(0)] public int Index { get; set; }

    [Id(1)] public List<SweepLogEntry> Entries { get; set; } = [];
}
