using System.Text.Json;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// One sweep submitted as <c>sweep run</c> does, waited for, and read back from its Sweep result (docs/results.md): its
/// wall and compute seconds, and which silo trained each trial.
/// </summary>
/// <param name="WallSeconds">The coordinator's: from the submit to the sweep's end.</param>
/// <param name="ComputeSeconds">The trials' <c>wallSeconds</c> summed (each its training loop only).</param>
/// <param name="TrialsBySilo">Trials per silo address ("127.0.0.1:port").</param>
/// <param name="Statuses">Trials per status ("completed", ...).</param>
/// <param name="CoordinatorSilo">Where the sweep's coordinator ran.</param>
internal sealed record ScaleSweep(
    int Trials, double WallSeconds, double ComputeSeconds, IReadOnlyDictionary<string, int> TrialsBySilo,
    IReadOnlyDictionary<string, int> Statuses, string CoordinatorSilo)
{
    // A quarter of a second: the wall time is the coordinator's own, so polling faster would only add load.
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    /// <param name="ended">Called as soon as the sweep is seen to have ended, before its result is fetched.</param>
    public static async Task<ScaleSweep> RunAsync(IClusterClient client, string specJson, Action? ended = null)
    {
        var id = "s-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(id);
        await coordinator.Submit(specJson);
        SweepSummary status;
        while ((status = await coordinator.GetStatus()).Status == SweepPhase.Running) await Task.Delay(PollEvery);
        ended?.Invoke();
        if (status.Status != SweepPhase.Completed) throw new InvalidOperationException($"sweep {id} ended {status.Status}: {status.Error}");
        var report = await coordinator.GetResult(includeHistories: false);
        var root = JsonDocument.Parse(report.Json).RootElement;
        var trials = root.GetProperty("trials").EnumerateArray()
            .Select(t => (Silo: t.GetProperty("silo").GetString() ?? "?", Status: t.GetProperty("status").GetString() ?? "?"))
            .ToArray();
        return new ScaleSweep(
            trials.Length,
            root.GetProperty("wallSeconds").GetDouble(),
            root.GetProperty("computeSeconds").GetDouble(),
            trials.GroupBy(t => t.Silo).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            trials.GroupBy(t => t.Status).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            status.Silo);
    }
}
