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
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

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
            var coarse = Enumerable.Range(0, 3).Select(i => cluster.Client.GetGrain<ITrialGrain>($"{id}/0/0/{i}")).ToArray();

            // The victim: the coordinator's silo, or another one, once it trains a coarse run.
            bool IsVictim(string? silo) => coordinatorSilo == (silo == submitted.Silo);
            TrialProgress[] before = [];
            await Eventually.HoldsAsync(async () =>
            {
                before = await Task.WhenAll(coarse.Select(t => t.GetStatus()));
                return before.Any(p => p.Phase == TrialPhase.Running && p.Step > 0 && IsVictim(p.Silo));
            }, Patience, coordinatorSilo ? "a coarse run training on the coordinator's silo" : "a coarse run training on another silo");
            var victim = before.First(p => p.Phase == TrialPhase.Running && p.Step > 0 && IsVictim(p.Silo)).Silo!;
            var orphans = before.Where(p => p.Phase == TrialPhase.Running && p.Silo == victim).Select(p => p.TrialId).ToHashSet();
            output.WriteLine($"kill -9 of {victim} (coordinator on {submitted.Silo}), training {string.Join(", ", orphans)}, at {clock.Elapsed.TotalSeconds:0.0} s");
            cluster.At(victim).Kill();

            var result = await SweepResults.EndAsync(sweep, Patience);
            var status = await sweep.GetStatus();
            output.WriteLine($"sweep {status.Status} at {clock.Elapsed.TotalSeconds:0.0} s, coordinator now on {status.Silo}");
            foreach (var line in SweepResults.Lines(result)) output.WriteLine(line);

            var reference = SweepResults.Reference(spec);
            output.WriteLine($"best η {result.Best?.LearningRate}, undisturbed (local runner) {reference.Best?.LearningRate}");
            SweepResults.AssertSameSearch(reference, result);
            Assert.All(result.Trials.Where(t => orphans.Contains(t.TrialId)), t =>
            {
                Assert.True(t.Attempts >= 2, $"{t.TrialId}: attempts {t.Attempts}");
                Assert.NotEqual(victim, t.Silo);
            });
            if (coordinatorSilo) Assert.NotEqual(victim, status.Silo);
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }
}
