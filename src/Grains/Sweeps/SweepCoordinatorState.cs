namespace SweepCluster.Grains.Sweeps;

/// <summary>
/// The coordinator's log, enough for <c>SweepSearch.Restore</c>: the spec and every request issued and end reported.
/// Engine records are kept as their JSON (<see cref="SweepLog"/>) so they never need an Orleans codec. Histories are not
/// here: they stay in the trial grains. Ids are never renumbered.
/// </summary>
[GenerateSerializer, Alias("sweep.SweepCoordinatorState")]
public sealed class SweepCoordinatorState
{
    /// <summary>Null until submitted.</summary>
    [Id(0)] public string? SpecJson { get; set; }

    [Id(1)] public SweepPhase Phase { get; set; }

    /// <summary>Each issued TrialRequest's JSON, by key.</summary>
    [Id(2)] public Dictionary<string, string> Issued { get; set; } = [];

    /// <summary>Each reported TrialOutcome's JSON, by key.</summary>
    [Id(3)] public Dictionary<string, string> Finished { get; set; } = [];

    /// <summary>Each finished range test's LrFinderResult JSON, by key.</summary>
    [Id(4)] public Dictionary<string, string> RangeTests { get; set; } = [];

    [Id(5)] public DateTime StartedUtc { get; set; }

    [Id(6)] public DateTime? EndedUtc { get; set; }

    [Id(7)] public string? Error { get; set; }

    /// <summary>Wall time of the sweep's earlier runs, before a retry started it again at <see cref="StartedUtc"/>.</summary>
    [Id(9)] public double EarlierWallSeconds { get; set; }

    /// <summary>The sweep's wall time: its earlier runs, and this one so far.</summary>
    public double WallSeconds(DateTime now) => EarlierWallSeconds + ((EndedUtc ?? now) - StartedUtc).TotalSeconds;

    /// <summary>A refinement sweep's SweepInheritance JSON (its parent's finished runs); null for an ordinary sweep.</summary>
    [Id(10)] public string? InheritanceJson { get; set; }

    /// <summary>Each ASHA RungObservation's JSON, by "key@epoch" (a restarted trial reporting again replaces it).</summary>
    [Id(8)] public Dictionary<string, string> Rungs { get; set; } = [];
}
