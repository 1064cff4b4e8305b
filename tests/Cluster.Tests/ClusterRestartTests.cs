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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

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
            var coarse = Enumerable.Range(0, 3).Select(i => cluster.Client.GetGrain<ITrialGrain>($"{id}/0/0/{i}")).ToArray();
            TrialProgress[] before = [];
            await Eventually.HoldsAsync(async () =>
            {
                before = await Task.WhenAll(coarse.Select(t => t.GetStatus()));
                return before.Any(p => p.Phase == TrialPhase.Running && p.Step > 0);
            }, Patience, "a coarse run training");
            output.WriteLine("before: " + string.Join("; ", before.Select(p => $"{p.TrialId} {p.Phase} on {p.Silo}, step {p.Step}")));
            Assert.DoesNotContain(before, p => p.Phase.IsTerminal());

            output.WriteLine($"kill -9 of every silo at {clock.Elapsed.TotalSeconds:0.0} s");
            foreach (var silo in first) silo.Kill();
            var restarted = (await cluster.StartAsync(1)).Single();
            output.WriteLine($"{restarted.Address} up at {clock.Elapsed.TotalSeconds:0.0} s");

            // References through the new client: the first one went with the cluster it knew.
            sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            // No call to the sweep or to its coarse runs: a refined run (stage 1) is issued only by a coordinator that
            // its reminder brought back, after the coarse runs that their reminders brought back have finished.
            var refined = cluster.Client.GetGrain<ITrialGrain>($"{id}/0/1/0");
            await Eventually.HoldsAsync(async () => await refined.GetResult().WaitAsync(CallBound) is not null,
                Patience, "a refined run finished without calls to the sweep", every: TimeSpan.FromMilliseconds(500));
            output.WriteLine($"a refined run finished at {clock.Elapsed.TotalSeconds:0.0} s");

            var result = await SweepResults.EndAsync(sweep, Patience);
            var status = await sweep.GetStatus();
            output.WriteLine($"sweep {status.Status} at {clock.Elapsed.TotalSeconds:0.0} s on {status.Silo}");
            foreach (var line in SweepResults.Lines(result)) output.WriteLine(line);

            var reference = SweepResults.Reference(spec);
            output.WriteLine($"best η {result.Best?.LearningRate}, undisturbed (local runner) {reference.Best?.LearningRate}");
            SweepResults.AssertSameSearch(reference, result);
            var orphans = before.Where(p => p.Phase == TrialPhase.Running).Select(p => p.TrialId).ToHashSet();
            Assert.All(result.Trials.Where(t => orphans.Contains(t.TrialId)), t => Assert.True(t.Attempts >= 2, $"{t.TrialId}: attempts {t.Attempts}"));
            // Nothing had finished before the kill: every run ended on the one silo started again.
            Assert.All(result.Trials, t => Assert.Equal(restarted.Address, t.Silo));
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
