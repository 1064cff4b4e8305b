using System.Diagnostics;
using System.Text.Json;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>Submits a sweep as <c>sweep run</c> does, waits for its end, and reads its figures from the Sweep result.</summary>
internal static class SweepDriver
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(50);

    public static async Task<SweepFigures> RunAsync(IClusterClient client, string specJson)
    {
        var id = "s-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(id);
        var clock = Stopwatch.StartNew();
        await coordinator.Submit(specJson);
        SweepSummary status;
        while ((status = await coordinator.GetStatus()).Status == SweepPhase.Running) await Task.Delay(PollEvery);
        var clientSeconds = clock.Elapsed.TotalSeconds;
        if (status.Status != SweepPhase.Completed) throw new InvalidOperationException($"sweep {id} ended {status.Status}: {status.Error}");
        var report = await coordinator.GetResult(includeHistories: false);
        var root = JsonDocument.Parse(report.Json).RootElement;
        var trials = root.GetProperty("trials").EnumerateArray().Select(t => t.GetProperty("wallSeconds").GetDouble()).ToArray();
        return new SweepFigures(trials.Length, root.GetProperty("wallSeconds").GetDouble(), root.GetProperty("computeSeconds").GetDouble(), clientSeconds);
    }
}

/// <param name="WallSeconds">The coordinator's own: from the submit to the sweep's end.</param>
/// <param name="ComputeSeconds">The trials' wallSeconds summed: time in the training loop only.</param>
/// <param name="ClientSeconds">From the submit call to the status poll that saw the end (up to one poll later).</param>
internal sealed record SweepFigures(int Trials, double WallSeconds, double ComputeSeconds, double ClientSeconds);
