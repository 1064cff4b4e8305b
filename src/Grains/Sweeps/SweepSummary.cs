using System.Text.Json;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Grains.Sweeps;

/// <summary>A sweep at a glance: how many trials are in each phase, and the best so far by the sweep's metric.</summary>
/// <param name="Counts">Issued trials by phase; those not reported yet count as <see cref="TrialPhase.Running"/>.</param>
/// <param name="Silo">Where the coordinator runs now ("host:port").</param>
/// <param name="BestTrialId">The best trial so far: never a diverged, failed, cancelled or stopped one; null while none completed.</param>
/// <param name="BestMetric">The best trial's figure of the sweep's metric (null when it has none, e.g. only a train loss).</param>
[GenerateSerializer, Immutable, Alias("sweep.SweepSummary")]
public sealed record SweepSummary(
    string SweepId,
    string? Name,
    SweepPhase Status,
    int Issued,
    IReadOnlyDictionary<TrialPhase, int> Counts,
    string? BestTrialId,
    double? BestLearningRate,
    double? BestMetric,
    string? Error,
    string Silo)
{
    /// <summary>Stages begun so far, over all arms (a range test is a stage).</summary>
    [Id(10)] public int Stages { get; init; }

    /// <summary>The sweep's metric as the spec names it ("validationLoss", ...); null before the sweep is known.</summary>
    [Id(11)] public string? Metric { get; init; }

    /// <summary>The Sweep result's warnings, once the sweep has ended (empty while it runs).</summary>
    [Id(12)] public IReadOnlyList<string> Warnings { get; init; } = [];

    public static string NameOf(Metric metric) => JsonSerializer.Serialize(metric, SpecJson.Options).Trim('"');

    /// <summary>
    /// The summary of a sweep in <paramref name="phase"/> whose search is <paramref name="search"/> (null before it is
    /// known): what its coordinator answers, and what a client makes of the coordinator's stored log.
    /// </summary>
    public static SweepSummary Of(string sweepId, string? name, SweepPhase phase, string? error, SweepSearch? search, string silo)
    {
        var counts = new Dictionary<TrialPhase, int>();
        if (search is not null)
        {
            foreach (var (status, count) in search.CountByStatus())
                counts[TrialPhases.From(status)] = counts.GetValueOrDefault(TrialPhases.From(status)) + count;
            if (search.InFlight > 0) counts[TrialPhase.Running] = search.InFlight;
        }
        var best = search?.Best;
        var metric = best is null ? null : TrialRanking.Figure(best, search!.Metric).Value;
        return new SweepSummary(sweepId, name, phase, search?.Issued.Count ?? 0, counts,
            best is null ? null : SweepResultBuilder.TrialId(sweepId, best.Key), best?.LearningRate, metric, error, silo)
            { Stages = search?.Stages.Count ?? 0, Metric = search is null ? null : NameOf(search.Metric) };
    }
}

/// <summary>The Sweep result as docs/results.md JSON (written with <c>SpecJson.Options</c>), with its status alongside.</summary>
[GenerateSerializer, Immutable, Alias("sweep.SweepReport")]
public sealed record SweepReport(string SweepId, SweepPhase Status, string Json);
