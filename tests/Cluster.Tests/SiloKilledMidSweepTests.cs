using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Three real one-slot silo processes in Redis; kill -9 one of them while it trains a coarse run of a coarse-to-fine
/// sweep: a silo that only trains, or the one that also hosts the sweep's coordinator. The sweep still runs the
/// undisturbed search (the local runner's) to the end, every trial exactly once.
/// </summary>
public sealed class SiloKilledMidSweepTests(RedisServer redis, ITestOutputHelper output)
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ASweepFinishesTheUndisturbedSearchAfterAKillNineOfASiloTrainingItsRuns(bool coordinatorSilo)
    {
        const string spec = Specs.SecondsLongCoarseToFine;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(3);
            output.WriteLine($"3 silos up in {clock.Elapsed.TotalSeconds:0.0} s");
            var id = Specs.NewId("s");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            var submitted = await sweep.Submit(spec);

            // The victim: the coordinator's silo, or another one, once it trains a coarse run.
            bool OnVictim(TrialProgress p) => p.IsEarlyInTraining() && coordinatorSilo == (p.Silo == submitted.Silo);
            var before = await CoarseRuns.WaitForAsync(cluster.Client, id, 3, OnVictim,
                coordinatorSilo ? "a coarse run training on the coordinator's silo" : "a coarse run training on another silo");
            var victim = before.First(OnVictim).Silo!;
            var orphans = before.Where(p => p.IsEarlyInTraining() && p.Silo == victim).Select(p => p.TrialId).ToHashSet();
            output.WriteLine($"kill -9 of {victim} (coordinator on {submitted.Silo}), training {string.Join(", ", orphans)}, at {clock.Elapsed.TotalSeconds:0.0} s");
            cluster.At(victim).Kill();

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            var status = await sweep.GetStatus();
            output.WriteLine($"sweep {status.Status} at {clock.Elapsed.TotalSeconds:0.0} s, coordinator now on {status.Silo}");
            SweepResults.AssertUndisturbed(spec, result, output);
            SweepResults.AssertRestartedElsewhere(result, orphans, [victim]);
            if (coordinatorSilo) Assert.NotEqual(victim, status.Silo);
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
