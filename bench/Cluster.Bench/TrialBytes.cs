using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using StackExchange.Redis;
using SweepCluster.Client.Results;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// `trial-bytes` mode: what each finished trial of a large sweep leaves behind, place by place. A grid of quadratic
/// trials of a few steps (pure coordination) on the embedded silo, with its grain storage in a real redis-server
/// (<c>--redis</c>) or in memory: the process's heap and resident memory before and after, Redis' memory by kind of key
/// (MEMORY USAGE, sampled), the results store's files, and the result streamed as CSV and as JSON with histories.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Cluster.Bench -- trial-bytes [--trials 10000] [--steps 30] [--redis] [--slots N]</remarks>
internal static partial class TrialBytes
{
    private const int SampledKeys = 2000;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var trials = Option(args, "--trials", 10_000);
        var steps = Option(args, "--steps", 30);
        var slots = Option(args, "--slots", Environment.ProcessorCount);
        var useRedis = args.Contains("--redis");
        var perDecade = Math.Max(1, (trials - 1) / 3);
        var spec = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"name":"bench-trial-bytes","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":{{{steps}}}},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":{{{perDecade}}}}}""");
        output.WriteLine($"# Bytes per trial · {Machine.Describe()} · load average before {Machine.LoadAverage()}");
        output.WriteLine();
        var folder = Directory.CreateTempSubdirectory("sweep-bench-trial-bytes-").FullName;
        var results = Path.Combine(folder, "results-root");
        try
        {
            await using var redis = useRedis ? await RedisProcess.StartAsync() : null;
            await using var silo = await EmbeddedSilo.StartAsync(slots, o =>
            {
                o.ResultsRoot = results;
                if (redis is not null) o.Redis = redis.ConnectionString;
            });
            var client = silo.Client;
            // A small sweep first, so that the JIT and the silo's start-up are not counted per trial.
            await RunSweepAsync(client, spec.Replace($"\"pointsPerDecade\":{perDecade}", "\"pointsPerDecade\":10", StringComparison.Ordinal));
            var heapBefore = Heap();
            var rssBefore = ProcessMemory.OfThisProcess().Resident;
            var redisBefore = redis is null ? 0 : await UsedMemoryAsync(redis);
            var filesBefore = DirectoryBytes(results);
            var clock = Stopwatch.StartNew();
            var (sweepId, issued) = await RunSweepAsync(client, spec);
            var seconds = clock.Elapsed.TotalSeconds;
            var memory = ProcessMemory.OfThisProcess();
            var heapAfter = Heap();
            output.WriteLine(F($"{issued:N0} quadratic trials of {steps} steps, {(redis is null ? "in-memory storage" : "Redis storage")}, {slots} slots: {seconds:F1} s ({issued / seconds:F0} trials/s)"));
            output.WriteLine();
            output.WriteLine("| place | total | bytes per trial |");
            output.WriteLine("| --- | ---: | ---: |");
            Row(output, "process heap after a full collection (growth)", heapAfter - heapBefore, issued);
            // What of it is the idle activations (finished trials, the coordinator), and what the coordinator alone holds
            // once it is activated again from its log.
            var activations = await TrialActivationsAsync(client);
            await client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            var heapCollected = Heap();
            Row(output, F($"… after every idle activation was collected ({activations:N0} trial activations before)"), heapCollected - heapBefore, issued);
            await client.GetGrain<ISweepCoordinatorGrain>(sweepId).GetStatus();
            Row(output, "… the coordinator activated again from its log", Heap() - heapCollected, issued);
            Row(output, "process resident (growth)", memory.Resident - rssBefore, issued);
            output.WriteLine(F($"| process peak resident (VmHWM) | {memory.Peak / 1e6:N0} MB | |"));
            Row(output, "results store files (growth)", DirectoryBytes(results) - filesBefore, issued);
            if (redis is not null)
            {
                Row(output, "Redis used_memory (growth)", await UsedMemoryAsync(redis) - redisBefore, issued);
                foreach (var (kind, count, bytes) in await KeysByKindAsync(redis)) Row(output, $"Redis keys `{kind}` ({count:N0})", bytes, issued);
            }
            var csv = Path.Combine(folder, "results.csv");
            clock.Restart();
            await using (var file = File.Create(csv)) await TrialCsv.WriteAsync(await SweepResultReader.OpenAsync(client, sweepId), file);
            var csvSeconds = clock.Elapsed.TotalSeconds;
            Row(output, F($"`results --format csv` ({csvSeconds:F1} s)"), new FileInfo(csv).Length, issued);
            var json = Path.Combine(folder, "results.json");
            clock.Restart();
            await using (var file = File.Create(json))
                await SweepResultStream.WriteJsonAsync(await SweepResultReader.OpenAsync(client, sweepId), includeHistories: true, file);
            var jsonSeconds = clock.Elapsed.TotalSeconds;
            Row(output, F($"`results` JSON with histories ({jsonSeconds:F1} s)"), new FileInfo(json).Length, issued);
            output.WriteLine();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        output.WriteLine($"load average after: {Machine.LoadAverage()}");
        return 0;
    }

    private static async Task<int> TrialActivationsAsync(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(TrialGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static async Task<(string Id, int Issued)> RunSweepAsync(IClusterClient client, string spec)
    {
        var sweepId = "s-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        await coordinator.Submit(spec);
        SweepSummary status;
        while ((status = await coordinator.GetStatus()).Status == SweepPhase.Running) await Task.Delay(250);
        if (status.Status != SweepPhase.Completed) throw new InvalidOperationException($"sweep {sweepId} ended {status.Status}");
        return (sweepId, status.Issued);
    }

    private static void Row(TextWriter output, string what, long bytes, int trials) =>
        output.WriteLine(F($"| {what} | {bytes / 1e6:N1} MB | {bytes / (double)trials:N0} |"));

    private static async Task<long> UsedMemoryAsync(RedisProcess redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var info = (await connection.GetServer(redis.ConnectionString).InfoAsync("memory")).SelectMany(g => g)
            .First(p => p.Key == "used_memory");
        return long.Parse(info.Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Every key grouped by its shape (ids and numbers left out), with MEMORY USAGE summed over a sample and scaled up.</summary>
    private static async Task<IReadOnlyList<(string Kind, int Count, long Bytes)>> KeysByKindAsync(RedisProcess redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync($"{redis.ConnectionString},allowAdmin=true");
        var server = connection.GetServer(redis.ConnectionString);
        var database = connection.GetDatabase();
        var kinds = new Dictionary<string, List<RedisKey>>(StringComparer.Ordinal);
        await foreach (var key in server.KeysAsync(pageSize: 1000))
        {
            var kind = Shape().Replace(key.ToString(), "#");
            if (!kinds.TryGetValue(kind, out var keys)) kinds[kind] = keys = [];
            keys.Add(key);
        }
        var rows = new List<(string, int, long)>();
        foreach (var (kind, keys) in kinds.OrderByDescending(k => k.Value.Count))
        {
            var sample = keys.Count <= SampledKeys ? keys : keys.Where((_, i) => i % (keys.Count / SampledKeys + 1) == 0).ToList();
            long sum = 0;
            foreach (var key in sample) sum += (long)(await database.ExecuteAsync("MEMORY", "USAGE", key, "SAMPLES", "0"));
            rows.Add((kind, keys.Count, (long)(sum * (keys.Count / (double)sample.Count))));
        }
        return rows;
    }

    private static long DirectoryBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    // Sweep ids, GUIDs, hex and decimal runs: what differs between keys of one kind.
    [GeneratedRegex("s-[0-9a-f]{8}|[0-9a-f]{32}|[0-9a-f]{8,}|[0-9]+(\\.[0-9]+)?")]
    private static partial Regex Shape();
}
