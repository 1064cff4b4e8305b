using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Results;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Results;

/// <summary>
/// Finished trials' histories live in the results store's page files, not in grain state: a sweep's result still has
/// every history, bit for bit the reference runner's; a trial's state keeps its figures and the history's locator; a
/// history whose file is gone comes back empty and says why.
/// </summary>
public sealed class HistoryStoreTests(InMemorySilo silo, ITestOutputHelper output) : IClassFixture<InMemorySilo>
{
    internal const int Epochs = 30;

    internal static string Spec(int pointsPerDecade) =>
        """{"name":"histories","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":"""
        + Epochs + ""","historyEvery":1},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":""" + pointsPerDecade + "}}";

    private TrialHistoryStore Store => silo.Cluster.Silos[0].ServiceProvider.GetRequiredService<TrialHistoryStore>();

    [Fact]
    public async Task ASweepsResultHasEveryHistoryWhileItsTrialsStatesKeepOnlyTheirFigures()
    {
        var spec = Spec(6);
        var id = Specs.NewId("s-hist");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(spec);
        await SweepResults.EndAsync(sweep, TimeSpan.FromMinutes(2));

        var result = SweepResults.Read(await sweep.GetResult(includeHistories: true));
        var reference = SweepResults.Reference(spec).Trials.ToDictionary(t => t.TrialId[(t.TrialId.IndexOf('/') + 1)..]);
        Assert.Equal(19, result.Trials.Count);
        foreach (var trial in result.Trials)
        {
            var expected = reference[trial.TrialId[(trial.TrialId.IndexOf('/') + 1)..]];
            Assert.Null(trial.HistoryUnavailable);
            Assert.Equal(expected.History!.Steps, trial.History!.Steps);
            Assert.Equal(expected.History.Epochs, trial.History.Epochs);
            Assert.Equal(Epochs, trial.History.Steps.Count);
        }

        long stateBytes = 0, wholeBytes = 0;
        foreach (var trial in result.Trials)
        {
            var state = await silo.ReadStateAsync<TrialGrainState>(silo.Client.GetGrain<ITrialGrain>(trial.TrialId), "trial");
            Assert.NotNull(state.History);
            using var kept = JsonDocument.Parse(state.ResultJson!);
            var history = kept.RootElement.GetProperty("history");
            Assert.Equal(0, history.GetProperty("steps").GetArrayLength());
            Assert.Equal(1, history.GetProperty("epochs").GetArrayLength());
            stateBytes += silo.Serializer.Serialize(state).ToMemory().Length;
            wholeBytes += Encoding.UTF8.GetByteCount(TrialJson.Write((await silo.Client.GetGrain<ITrialGrain>(trial.TrialId).GetResult())!.Trial));
        }
        output.WriteLine($"trial state {stateBytes / result.Trials.Count:N0} B a trial; the whole Trial JSON {wholeBytes / result.Trials.Count:N0} B");
        Assert.True(stateBytes * 3 < wholeBytes, $"the states ({stateBytes:N0} B) should be well below the whole results ({wholeBytes:N0} B)");
        // The histories are in a few page files, not a file a trial.
        var files = Directory.GetFiles(Path.Combine(Store.Root, id), "*.hist");
        Assert.InRange(files.Length, 1, 2);
    }

    [Fact]
    public async Task AHistoryWhoseFileIsGoneComesBackEmptyAndSaysWhy()
    {
        var id = Specs.NewId("s-hist-gone");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(Spec(1));
        var before = (await SweepResults.EndAsync(sweep, TimeSpan.FromMinutes(1))).Trials;
        Directory.Delete(Path.Combine(Store.Root, id), recursive: true);

        var after = SweepResults.Read(await sweep.GetResult(includeHistories: true)).Trials;
        Assert.Equal(before.Select(t => t.TrialId), after.Select(t => t.TrialId));
        foreach (var (b, a) in before.Zip(after))
        {
            Assert.Empty(a.History!.Steps);
            Assert.Empty(a.History.Epochs);
            Assert.Contains("cannot be read here", a.HistoryUnavailable, StringComparison.Ordinal);
            Assert.Contains("--results-root", a.HistoryUnavailable, StringComparison.Ordinal);
            // The figures are the trial's own, from its state.
            Assert.Equal((b.Status, b.TrainLoss, b.Steps, b.Verdict), (a.Status, a.TrainLoss, a.Steps, a.Verdict));
        }
        // A status still shows the trial's last epoch (kept in its state).
        var status = await silo.Client.GetGrain<ITrialGrain>(after[0].TrialId).GetStatus();
        Assert.Equal(Epochs - 1, status.LastEpoch!.Epoch);
    }
}

/// <summary>
/// What a finished trial costs Redis now that its history is in the results store: MEMORY USAGE of its state's key,
/// against the Trial JSON with its history that the state held before.
/// </summary>
public sealed class HistoryStoreRedisTests(RedisSilo silo, ITestOutputHelper output) : IClassFixture<RedisSilo>
{
    [Fact]
    public async Task AFinishedTrialsRedisKeyHoldsItsFiguresNotItsHistory()
    {
        var id = Specs.NewId("s-hist-redis");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(id);
        await sweep.Submit(HistoryStoreTests.Spec(33));
        var result = await SweepResults.EndAsync(sweep, TimeSpan.FromMinutes(3));
        Assert.Equal(100, result.Trials.Count);

        await using var connection = await ConnectionMultiplexer.ConnectAsync(silo.Redis.ConnectionString);
        var server = connection.GetServers()[0];
        var database = connection.GetDatabase();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: $"{silo.ServiceId}/state/trial/{id}/*")) keys.Add(key);
        Assert.Equal(result.Trials.Count, keys.Count);
        long redisBytes = 0;
        foreach (var key in keys) redisBytes += (long)await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0");
        var wholeBytes = 0L;
        foreach (var trial in result.Trials)
        {
            var whole = (await silo.Client.GetGrain<ITrialGrain>(trial.TrialId).GetResult())!;
            Assert.Equal(HistoryStoreTests.Epochs, whole.Trial.History!.Steps.Count);
            wholeBytes += Encoding.UTF8.GetByteCount(TrialJson.Write(whole.Trial));
        }
        var perTrial = redisBytes / keys.Count;
        output.WriteLine($"Redis: {perTrial:N0} B a finished trial (MEMORY USAGE); the Trial JSON with its history: {wholeBytes / keys.Count:N0} B");
        // Before, the key held at least the whole Trial JSON and the spec.
        var before = wholeBytes / keys.Count + Encoding.UTF8.GetByteCount(HistoryStoreTests.Spec(33));
        Assert.True(perTrial * 2.5 < before, $"a trial's key takes {perTrial:N0} B of Redis, not well below the {before:N0} B it held before");
        Assert.True(perTrial < 2500, $"a trial's key takes {perTrial:N0} B of Redis");
    }
}
