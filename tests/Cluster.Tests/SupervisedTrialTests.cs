using StackExchange.Redis;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A sweep's trials are restarted by their coordinator's poll, so they register no watchdog reminder of their own (two
/// reminder-table writes and the reminder service's calls a trial). Read from Redis itself while the runs train: the
/// reminder table holds the coordinator's keeper and no trial's watchdog. That the poll alone restarts a lost silo's
/// runs is what <see cref="SiloKilledMidSweepTests"/> and <see cref="ChaosTests"/> show.
/// </summary>
public sealed class SupervisedTrialTests(RedisServer redis, ITestOutputHelper output)
{
    [Fact]
    public async Task ASweepsTrainingRunsHaveNoWatchdogRemindersWhileItsCoordinatorHasItsKeeper()
    {
        const string spec = Specs.SecondsLongCoarseToFine;
        await using var cluster = new SiloProcessCluster(redis, output);
        try
        {
            await cluster.StartAsync(2);
            var id = Specs.NewId("s");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>(id);
            await sweep.Submit(spec);
            var training = await CoarseRuns.WaitForAsync(cluster.Client, id, 3, p => p.IsEarlyInTraining(), "a coarse run training");
            output.WriteLine($"training: {string.Join(", ", training.Where(p => p.IsEarlyInTraining()).Select(p => p.TrialId))}");

            var reminders = await ReminderTextAsync(cluster.ClusterId);
            Assert.Contains("sweep-keeper", reminders, StringComparison.Ordinal);
            Assert.Contains(id, reminders, StringComparison.Ordinal);
            Assert.DoesNotContain("trial-watchdog", reminders, StringComparison.Ordinal);

            var result = await SweepResults.EndAsync(sweep, SiloProcessCluster.Patience);
            SweepResults.AssertUndisturbed(spec, result, output);
        }
        catch
        {
            cluster.WriteLogs();
            throw;
        }
    }

    /// <summary>Every key of this cluster's that mentions reminders, with its members or fields, as one text.</summary>
    private async Task<string> ReminderTextAsync(string clusterId)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var db = connection.GetDatabase();
        var text = new System.Text.StringBuilder();
        foreach (var key in connection.GetServers().SelectMany(s => s.Keys(pattern: "*")).Where(k => k.ToString().Contains("remind", StringComparison.OrdinalIgnoreCase)))
        {
            text.Append(key).Append('\n');
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.SortedSet: foreach (var m in await db.SortedSetRangeByRankAsync(key)) text.Append(m).Append('\n'); break;
                case RedisType.Hash: foreach (var e in await db.HashGetAllAsync(key)) text.Append(e.Name).Append(' ').Append(e.Value).Append('\n'); break;
                case RedisType.Set: foreach (var m in await db.SetMembersAsync(key)) text.Append(m).Append('\n'); break;
                case RedisType.String: text.Append(await db.StringGetAsync(key)).Append('\n'); break;
            }
        }
        var all = text.ToString();
        output.WriteLine($"reminder keys and entries ({all.Length} chars), those of cluster {clusterId}:");
        foreach (var line in all.Split('\n').Where(l => l.Contains(clusterId, StringComparison.Ordinal) || l.Contains("keeper", StringComparison.Ordinal)).Take(20))
            output.WriteLine(line.Length > 300 ? line[..300] : line);
        return all;
    }
}
