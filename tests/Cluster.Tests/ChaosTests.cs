using System.Diagnostics;
using System.Globalization;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Chaos: three real one-slot silo processes on one Redis run a 50-trial sweep, again and again; each round a random
/// silo (the coordinator's or another) is killed with kill -9 at a random point of the sweep and a new one started.
/// Every round the sweep completes the undisturbed search (the same trials, each exactly once, with the local runner's
/// losses and best η), and no trial that had finished before the kill is trained again. CI runs 3 rounds;
/// `tools/chaos.sh [ROUNDS]` runs more (SWEEP_CHAOS_ROUNDS, SWEEP_CHAOS_SEED).
/// </summary>
public sealed class ChaosTests(RedisServer redis, ITestOutputHelper output)
{
    private const int Trials = 50;

    // Logistic runs of a few tenths of a second each, over a log grid of 50 rates from 1e-3 to 1.
    private static readonly string Spec =
        """{"name":"chaos","data":{"source":"synthetic","task":"logistic","samples":2000,"features":50,"noise":1,"seed":5,"validationSize":500},"model":{"kind":"logistic"},"optimizer":{"kind":"sgd"},"training":{"batchSize":64,"epochs":400,"seed":1},"search":{"kind":"grid","learningRates":["""
        + string.Join(",", Enumerable.Range(0, Trials).Select(i => Math.Pow(10, -3 + 3.0 * i / (Trials - 1)).ToString("R", CultureInfo.InvariantCulture)))
        + """],"metric":"validationLoss"}}""";

    [Fact]
    public async Task EveryRoundOfKillNineAndRestartEndsInTheUndisturbedSearchWithNoFinishedTrialRerun()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("SWEEP_CHAOS_ROUNDS"), out var n) ? n : 3;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("SWEEP_CHAOS_SEED"), out var s) ? s : Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"{rounds} rounds, seed {seed} (SWEEP_CHAOS_SEED={seed} repeats them)");
        SweepResults.Reference(Spec);   // the undisturbed search, computed before the clock starts

        await using var cluster = new SiloProcessCluster(redis, output);
        var clock = Stopwatch.StartNew();
        try
        {
            await cluster.StartAsync(3);
            for (var round = 1; round <= rounds; round++)
            {
                var started = clock.Elapsed;
                var id = Specs.NewId("s-chaos");
                var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
                var submitted = await sweep.Submit(Spec);

                // A random moment: once a random number of the trials have ended (none to most of them).
                var doneBeforeKill = random.Next(0, Trials * 4 / 5);
                await Eventually.HoldsAsync(async () => Done(await sweep.GetStatus().WaitAsync(TimeSpan.FromSeconds(5))) >= doneBeforeKill,
                    SiloProcessCluster.Patience, $"{doneBeforeKill} trials done", TimeSpan.FromMilliseconds(50));
                var live = cluster.Silos.Where(x => !x.HasExited).ToArray();
                var victim = live[random.Next(live.Length)];
                var finished = await FinishedAsync(cluster.Client, id);
                victim.Kill();
                output.WriteLine($"round {round}: kill -9 of {victim.Address}{(victim.Address == submitted.Silo ? " (the coordinator's)" : "")} " +
                                 $"with {finished.Count} trials finished, at {(clock.Elapsed - started).TotalSeconds:0.0} s");
                await cluster.StartAsync(1);

                // StartAsync connected a new client: references from the old one are dead.
                var result = await SweepResults.EndAsync(cluster.Client.GetGrain<ISweepCoordinatorGrain>(id), SiloProcessCluster.Patience);
                output.WriteLine($"round {round}: {result.Status} in {(clock.Elapsed - started).TotalSeconds:0.0} s, " +
                                 $"{result.Trials.Count(t => t.Attempts > 1)} trials restarted, best η {result.Best?.LearningRate:G4}, {result.Trials.Average(t => t.WallSeconds):0.00} s of training a trial");
                SweepResults.AssertSameSearch(SweepResults.Reference(Spec), result);
                Assert.Equal(Trials, result.Trials.Count);
                // Finished before the kill: the same run, never trained again.
                foreach (var (trialId, before) in finished)
                {
                    var after = result.Trials.Single(t => t.TrialId == trialId);
                    Assert.True(after.Attempts == before.Attempts && after.Silo == before.Silo && after.WallSeconds == before.WallSeconds,
                        $"round {round}: {trialId} had finished on {before.Silo} (attempts {before.Attempts}) and is now from {after.Silo} (attempts {after.Attempts})");
                }
            }
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }

    private static int Done(SweepSummary status) => status.Counts.Where(c => c.Key != TrialPhase.Running).Sum(c => c.Value);

    /// <summary>The trials of the sweep that have stored their end, as their grains hold it.</summary>
    private static async Task<Dictionary<string, Trial>> FinishedAsync(IClusterClient client, string sweepId)
    {
        var ids = Enumerable.Range(0, Trials).Select(i => $"{sweepId}/0/0/{i}").ToArray();
        var results = await Task.WhenAll(ids.Select(t => client.GetGrain<ITrialGrain>(t).GetResult().WaitAsync(TimeSpan.FromSeconds(10))));
        return results.OfType<TrialResult>().Select(r => r.Trial).ToDictionary(t => t.TrialId);
    }
}
