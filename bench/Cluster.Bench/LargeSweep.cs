using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;
using SweepCluster.Grains.Registry;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// `large` mode: one grid of quadratic trials of a few steps (pure coordination) on real silo processes sharing one real
/// redis-server and one results folder, optionally with a kill -9 of the coordinator's silo once half the trials have
/// reported. It samples every process's peak resident memory and Redis' memory while the sweep runs, counts the Redis
/// commands it took, times `status` and `list` on the finished sweep, then streams `results --format csv` through a
/// `sweep` process of its own and checks that every trial is in it exactly once.
/// </summary>
/// <remarks>dotnet run -c Release --project bench/Cluster.Bench -- large [--trials 100000] [--steps 30] [--silos 2] [--slots 2] [--kill]</remarks>
internal static class LargeSweep
{
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);
    private const int Calls = 200;

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var trials = Option(args, "--trials", 100_000);
        var steps = Option(args, "--steps", 30);
        var silos = Option(args, "--silos", 2);
        var slots = Option(args, "--slots", 2);
        var kill = args.Contains("--kill");
        var perDecade = Math.Max(1, (trials - 1) / 3);
        var spec = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"name":"bench-large","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":{{{steps}}}},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":{{{perDecade}}}}}""");
        output.WriteLine($"# Large sweep · {Machine.Describe()} · load average before {Machine.LoadAverage()}");
        output.WriteLine();
        var folder = Directory.CreateTempSubdirectory("sweep-bench-large-").FullName;
        try
        {
            await using var cluster = await ProcessCluster.StartAsync([.. Enumerable.Repeat(slots, silos)], serverGc: false, Path.Combine(folder, "results-root"), clusterId: "sweep");
            // A small sweep first: the JIT and the silos' start-up are not the sweep's.
            await RunAsync(cluster, spec.Replace($"\"pointsPerDecade\":{perDecade}", "\"pointsPerDecade\":10", StringComparison.Ordinal), kill: false, output: null);
            var redisBefore = await cluster.Redis.CountsAsync();
            var decisionsBefore = await DecisionsAsync(cluster);
            var (sweepId, issued, seconds, peaks, redisPeak, killed) = await RunAsync(cluster, spec, kill, output);
            var commands = (await cluster.Redis.CountsAsync()).Since(redisBefore);
            var decisionsAfter = await DecisionsAsync(cluster);
            output.WriteLine(F($"{issued:N0} quadratic trials of {steps} steps on {silos} silo processes × {slots} slots, Redis storage{(killed is null ? "" : $", silo {killed} killed (-9) at half way")}: {seconds:F1} s ({issued / seconds:F0} trials/s)"));
            output.WriteLine();
            output.WriteLine("| process | peak resident |");
            output.WriteLine("| --- | ---: |");
            foreach (var (silo, peak) in peaks) output.WriteLine(F($"| silo {silo}{(silo == killed ? " (killed)" : "")} | {peak / 1e6:N0} MB |"));
            output.WriteLine(F($"| redis-server `used_memory` (sampled peak) | {redisPeak / 1e6:N0} MB |"));
            output.WriteLine();
            foreach (var (silo, after) in decisionsAfter)
            {
                var decisions = after.Since(decisionsBefore.GetValueOrDefault(silo) ?? Histogram.Empty);
                if (decisions.Count == 0) continue;
                output.WriteLine(F($"decisions on {silo}{(silo == killed ? "" : killed is null ? "" : " (coordinator after the kill)")}: {decisions.Count:N0}, mean {decisions.Mean * 1e3:F3} ms, p50 {decisions.Quantile(0.5) * 1e3:F3} ms, p99 {decisions.Quantile(0.99) * 1e3:F3} ms, {decisions.FractionAtMost(0.001):P1} ≤ 1 ms"));
            }
            output.WriteLine();
            output.WriteLine(F($"Redis commands: {commands.Commands / (double)issued:F1} a trial ({commands.PerTrial(issued, top: 10)}), {commands.InputBytes / (double)issued:N0} B a trial sent"));
            output.WriteLine();
            await CallsAsync(cluster, sweepId, output);
            var survivor = cluster.Silos.First(s => !s.HasExited);
            var csv = Path.Combine(folder, "results.csv");
            var (csvSeconds, csvPeak) = await new SweepProcess(sweepId, survivor.GatewayPort, "csv", csv).RunAsync();
            var (rows, distinct, completed) = CountRows(csv);
            output.WriteLine(F($"`sweep results --format csv` process: {csvSeconds:F1} s, {new FileInfo(csv).Length / 1e6:N1} MB, peak resident {csvPeak / 1e6:N0} MB; {rows:N0} rows, {distinct:N0} distinct trials, {completed:N0} completed"));
            output.WriteLine(rows == issued && distinct == issued ? "every trial exactly once: yes" : $"every trial exactly once: NO ({rows} rows, {distinct} distinct, {issued} issued)");
            // What `run --out` writes once the sweep ends: the whole result with every history.
            var json = Path.Combine(folder, "results.json");
            var (jsonSeconds, jsonPeak) = await new SweepProcess(sweepId, survivor.GatewayPort, "json", json).RunAsync();
            output.WriteLine(F($"`sweep results` (JSON with histories) process: {jsonSeconds:F1} s, {new FileInfo(json).Length / 1e6:N0} MB, peak resident {jsonPeak / 1e6:N0} MB"));
            File.Delete(json);
            output.WriteLine();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        output.WriteLine($"load average after: {Machine.LoadAverage()}");
        return 0;
    }

    private static async Task<(string Id, int Issued, double Seconds, Dictionary<string, long> Peaks, long RedisPeak, string? Killed)> RunAsync(
        ProcessCluster cluster, string spec, bool kill, TextWriter? output)
    {
        var sweepId = "s-" + Guid.NewGuid().ToString("N")[..8];
        var coordinator = cluster.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        var peaks = new Dictionary<string, long>(StringComparer.Ordinal);
        long redisPeak = 0;
        string? killed = null;
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{cluster.Redis.ConnectionString},allowAdmin=true");
        var clock = Stopwatch.StartNew();
        await coordinator.Submit(spec);
        SweepSummary status;
        while (true)
        {
            status = await StatusAsync(coordinator);
            foreach (var silo in cluster.Silos.Where(s => !s.HasExited))
                peaks[silo.Address] = Math.Max(peaks.GetValueOrDefault(silo.Address), silo.Memory().Peak);
            redisPeak = Math.Max(redisPeak, await UsedMemoryAsync(redis, cluster.Redis.ConnectionString));
            if (status.Status != SweepPhase.Running) break;
            var finished = status.Counts.Where(c => c.Key != Grains.Trials.TrialPhase.Running).Sum(c => c.Value);
            if (kill && killed is null && finished * 2 >= ExpectedTrials(spec))
            {
                var victim = cluster.Silos.First(s => s.Address == status.Silo);
                Process.GetProcessById(victim.ProcessId).Kill();
                killed = victim.Address;
                output?.WriteLine(F($"killed the coordinator's silo {killed} (-9) at {clock.Elapsed.TotalSeconds:F1} s, {finished:N0} trials reported"));
            }
            await Task.Delay(SampleEvery);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        if (status.Status != SweepPhase.Completed) throw new InvalidOperationException($"sweep {sweepId} ended {status.Status}: {status.Error}");
        return (sweepId, status.Issued, seconds, peaks, redisPeak, killed);
    }

    /// <summary>The coordinator's decision times (`sweep_coordinator_decision_seconds`) of every silo still running.</summary>
    private static async Task<Dictionary<string, Histogram>> DecisionsAsync(ProcessCluster cluster)
    {
        var decisions = new Dictionary<string, Histogram>(StringComparer.Ordinal);
        foreach (var silo in cluster.Silos.Where(s => !s.HasExited))
            decisions[silo.Address] = new MetricsText(await silo.ScrapeAsync()).Histogram("sweep_coordinator_decision_seconds");
        return decisions;
    }

    /// <summary>GetStatus, asked again while the cluster fails over after a kill.</summary>
    private static async Task<SweepSummary> StatusAsync(ISweepCoordinatorGrain coordinator)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await coordinator.GetStatus();
            }
            catch (Exception) when (attempt < 240)
            {
                await Task.Delay(SampleEvery);
            }
        }
    }

    // The grid's size, from its points per decade over three decades with both ends.
    private static int ExpectedTrials(string spec)
    {
        var at = spec.IndexOf("\"pointsPerDecade\":", StringComparison.Ordinal) + "\"pointsPerDecade\":".Length;
        return 3 * int.Parse(spec.AsSpan(at, spec.IndexOf('}', at) - at), CultureInfo.InvariantCulture) + 1;
    }

    /// <summary>`status` and `list` as a user asks them of the finished sweep: their median and largest times.</summary>
    private static async Task CallsAsync(ProcessCluster cluster, string sweepId, TextWriter output)
    {
        var coordinator = cluster.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        var registry = cluster.Client.GetGrain<ISweepRegistryGrain>(0);
        foreach (var (name, call) in new (string, Func<Task>)[] { ("GetStatus (`sweep status`)", () => coordinator.GetStatus()), ("registry List (`sweep list`)", () => registry.List(50)) })
        {
            var timings = new List<double>();
            for (var i = 0; i < Calls; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await call();
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
            timings.Sort();
            output.WriteLine(F($"{name} on the finished sweep, {Calls} calls: median {Percentiles.Median(timings):F2} ms, max {timings[^1]:F2} ms"));
        }
        output.WriteLine();
    }

    private static (int Rows, int Distinct, int Completed) CountRows(string csv)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        int rows = 0, completed = 0;
        foreach (var line in File.ReadLines(csv).Skip(1))
        {
            rows++;
            // sweepId, trialId, ...: the trial's id is the second column.
            keys.Add(line.Split(',', 3)[1]);
            if (line.Contains(",completed,", StringComparison.Ordinal)) completed++;
        }
        return (rows, keys.Count, completed);
    }

    private static async Task<long> UsedMemoryAsync(ConnectionMultiplexer redis, string endpoint)
    {
        var info = (await redis.GetServer(endpoint).InfoAsync("memory")).SelectMany(g => g).First(p => p.Key == "used_memory");
        return long.Parse(info.Value, CultureInfo.InvariantCulture);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
