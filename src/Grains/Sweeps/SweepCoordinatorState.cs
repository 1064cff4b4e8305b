namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The head of the coordinator's log (<see cref="SweepLogStore"/>): the spec and the sweep's small fields, how many
/// pages of the log are sealed, and the open tail of entries since. Written after every decision; its size is bounded
/// by the page size, not by the sweep's trials. Histories are not here: they stay in the trial grains. Ids are never
/// renumbered.
/// </summary>
[GenerateSerializer, Alias("sweep.SweepCoordinatorState")]
public sealed class SweepCoordinatorState
{
    /// <summary>Null until submitted.</summary>
    [Id(0)] public string? SpecJson { get; set; }

    [Id(1)] public SweepPhase Phase { get; set; }

    [Id(5)] public DateTime StartedUtc { get; set; }

    [Id(6)] public DateTime? EndedUtc { get; set; }

    [Id(7)] public string? Error { get; set; }

    /// <summary>Wall time of the sweep's earlier runs, before a retry started it again at <see cref="StartedUtc"/>.</summary>
    [Id(9)] public double EarlierWallSeconds { get; set; }

    /// <summary>The sweep's wall time: its earlier runs, and this one so far.</summary>
    public double WallSeconds(DateTime now) => EarlierWallSeconds + ((EndedUtc ?? now) - StartedUtc).TotalSeconds;

    /// <summary>Submitted now: running its spec (and a refinement its inheritance) from <paramref name="now"/>.</summary>
    public void Begin(string specJson, string? inheritanceJson, DateTime now)
    {
        SpecJson = specJson;
        InheritanceJson = inheritanceJson;
        Phase = SweepPhase.Running;
        StartedUtc = now;
    }

    /// <summary>Running again after it ended: its wall time so far kept, the new run timed from <paramref name="now"/>.</summary>
    public void Reopen(DateTime now)
    {
        EarlierWallSeconds = WallSeconds(now);
        StartedUtc = now;
        EndedUtc = null;
        Error = null;
        Phase = SweepPhase.Running;
    }

    /// <summary>Ended at <paramref name="now"/> in <paramref name="phase"/>; <paramref name="error"/> says why it failed.</summary>
    public void End(SweepPhase phase, string? error, DateTime now)
    {
        Phase = phase;
        EndedUtc = now;
        Error = error;
    }

    /// <summary>A refinement sweep's SweepInheritance JSON (its parent's finished runs); null for an ordinary sweep.</summary>
    [Id(10)] public string? InheritanceJson { get; set; }

    /// <summary>Pages of the log stored as records of their own (<see cref="SweepLogStore"/>), before <see cref="Tail"/>.</summary>
    [Id(11)] public int SealedPages { get; set; }

    /// <summary>The log's entries since its last sealed page, fewer than a page whenever the head is stored.</summary>
    [Id(12)] public List<SweepLogEntry> Tail { get; set; } = [];

    /// <summary>
    /// The first arm's smoothness (L, μ and how they were had) as JSON, estimated once from the data; null until then.
    /// The result's theory is this and the stored outcomes, so reading a sweep never needs its data again.
    /// </summary>
    [Id(13)] public string? SmoothnessJson { get; set; }

    /// <summary>When this head was last written: a client that reads it while the coordinator does not answer says how old it is.</summary>
    [Id(14)] public DateTime? StoredUtc { get; set; }

    // Ids 2, 3, 4 and 8 held the unpaged log of early versions: never use them again.
}
