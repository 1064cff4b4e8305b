using SweepCluster.Engine.Results;

namespace SweepCluster.Engine.Search.Driver;

/// <summary>A training run to start, on silo <see cref="Silo"/> ("host:port"; null: wherever the host places it).</summary>
public sealed record Launch(TrialRequest Request, string? Silo);

/// <summary>How the sweep ended: completed, cancelled, or failed with <see cref="Error"/>.</summary>
public sealed record SweepEnd(SweepStatus Status, string? Error);

/// <summary>
/// What the driver asks its host to do after one event, in this order: append <see cref="Log"/> to the sweep's log
/// (and, when <see cref="Durable"/>, have it stored before answering the event), end the sweep if <see cref="End"/> is
/// set, start <see cref="Launches"/> and <see cref="RangeTests"/>, and stop the runs of <see cref="Stops"/>.
/// </summary>
public sealed record SweepEffects(
    IReadOnlyList<SweepFact> Log,
    bool Durable,
    IReadOnlyList<Launch> Launches,
    IReadOnlyList<TrialRequest> RangeTests,
    IReadOnlyList<string> Stops,
    SweepEnd? End)
{
    public static readonly SweepEffects None = new([], false, [], [], [], null);

    public bool IsNone => Log.Count == 0 && Launches.Count == 0 && RangeTests.Count == 0 && Stops.Count == 0 && End is null;

    /// <summary>Facts to log, stored before the event is answered when <paramref name="durable"/>.</summary>
    public static SweepEffects Logged(bool durable, params SweepFact[] facts) => None with { Log = facts, Durable = durable };

    /// <summary>These effects, then <paramref name="next"/>'s.</summary>
    public SweepEffects Then(SweepEffects next) => IsNone ? next : next.IsNone ? this : new(
        [.. Log, .. next.Log], Durable || next.Durable, [.. Launches, .. next.Launches], [.. RangeTests, .. next.RangeTests],
        [.. Stops, .. next.Stops], next.End ?? End);
}
