using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Every silo of a cluster is killed (kill -9) mid-sweep and one new silo is started on the same Redis: the sweep's
/// reminders bring its coordinator and its trials back, and it finishes the undisturbed search (the local runner's).
/// </summary>
public sealed class ClusterRestartTests(RedisServer redis, ITestOutputHelper output)
{
    // A call to a grain whose silo was just killed waits for the response timeout (30 s): poll with bounded calls.
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task ASweepFinishesTheUndisturbedSearchAfterEverySiloWasKilledAndOneStartedAgain()
    {
        const string spec = Specs.SecondsLongCoarseToFine;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            var first = await cluster.StartAsync(2);
            output.WriteLine($"2 silos up in {clock.Elapsed.TotalSeconds:0.0} s");
            var id = Specs.NewId("s");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);
            var before = await CoarseRuns.WaitForAsync(cluster.Client, id, 3, p => p.IsEarlyInTraining(), "a coarse run training");
            output.WriteLine("before: " + string.Join("; ", before.Select(p => $"{p.TrialId} {p.Phase} on {p.Silo}, step {p.Step} of {p.TotalSteps}")));
            var orphans = before.Where(p => p.IsEarlyInTraining()).Select(p => p.TrialId).ToHashSet();

            output.WriteLine($"kill -9 of every silo at {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var silo in first) silo.Kill();
            var restarted = (await cluster.StartAsync(1)).Single();
            output.WriteLine($"{restarted.Address} up at {clock.Elapsed.TotalSeconds:0.0} s");

            // References through the new client: the first one went with the cluster it knew.
            sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            // No call to the sweep or to its coarse runs: a refined run (stage 1) is issued only by a coordinator that
            // came back by itself (its reminder, or a coarse run's end notice), after the coarse runs that their
            // watchdog reminders brought back have finished.
            var refined = cluster.Client.GetGrain<ITrialGrain>($"{id}/0/1/0");
            await Eventually.HoldsAsync(async () => await refined.GetResult().WaitAsync(CallBound) is not null,
                SiloProcessCluster.Patience, "a refined run finished without calls to the sweep", every: TimeSpan.FromMilliseconds(500));
            output.WriteLine($"a refined run finished at {clock.Elapsed.TotalSeconds:0.0} s");

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            var status = await sweep.GetStatus();
            output.WriteLine($"sweep {status.Status} at {clock.Elapsed.TotalSeconds:0.0} s on {status.Silo}");
            SweepResults.AssertUndisturbed(spec, result, output);
            SweepResults.AssertRestartedElsewhere(result, orphans, [.. first.Select(s => s.Address)]);
            // The refined runs were issued after the restart, by the coordinator that came back there, and the runs
            // training at the kill were run again there.
            Assert.All(result.Trials.Where(t => t.Stage > 0 || orphans.Contains(t.TrialId)), t => Assert.Equal(restarted.Address, t.Silo));
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
