using System.Diagnostics;
using System.Globalization;
using Orleans.Runtime;
using SweepCluster.Client.Results;
using SweepCluster.Grains.Registry;
using SweepCluster.Grains.Sweeps;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// `results` mode: the result of a large sweep on the embedded silo written to files by the streaming writers, in this
/// process (the writers and the grains alone: calls to a co-hosted silo are not serialized) and by a `sweep results`
/// process through the silo's gateway (end to end, over loopback TCP): the time, the bytes, this process's
/// allocations and that process's peak resident memory; how long `sweep status` (GetStatus) and `sweep list` (the
/// registry's List) take while a `sweep results` process streams; then, optionally, what the silo's heap does while
/// the finished trials sit idle (their activations hold their results until Orleans collects them).
/// </summary>
/// <remarks>
/// dotnet run -c Release --project bench/Cluster.Bench -- results [--trials 10000] [--epochs 1000] [--slots N]
///     [--idle MINUTES] [--trial-collection-age MINUTES (0: Orleans' default)]
/// </remarks>
internal static class ResultsStreaming
{
    private static readonly TimeSpan AskEvery = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan IdleSampleEvery = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var trials = Option(args, "--trials", 10_000);
        var epochs = Option(args, "--epochs", 1_000);
        var slots = Option(args, "--slots", Environment.ProcessorCount);
        var idle = Option(args, "--idle", 0);
        var age = Option(args, "--trial-collection-age", -1);
        // 1e-5 … 1e-2, both ends included: every rate below 2/L = 0.05 converges; one history point per step and epoch.
        var perDecade = Math.Max(1, (trials - 1) / 3);
        var spec =
            $$$"""{"name":"bench-results","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":{{{epochs}}},"historyEvery":1},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":{{{perDecade}}}}}""";

        output.WriteLine($"# Results streaming · {Machine.Describe()} · load average before {Machine.LoadAverage()}");
        output.WriteLine();
        var folder = Directory.CreateTempSubdirectory("sweep-bench-results-").FullName;
        try
        {
            var gateway = 0;
            await using var silo = await EmbeddedSilo.StartAsync(slots, o =>
            {
                gateway = o.GatewayPort;
                if (age >= 0) o.TrialCollectionAge = age == 0 ? null : TimeSpan.FromMinutes(age);
            });
            output.WriteLine($"trial collection age: {(age < 0 ? "the silo's default (SweepSiloOptions)" : age == 0 ? "Orleans' default" : $"{age} min")}");
            var client = silo.Client;
            var sweepId = "s-" + Guid.NewGuid().ToString("N")[..8];
            var coordinator = client.GetGrain<ISweepCoordinatorGrain>(sweepId);
            var clock = Stopwatch.StartNew();
            await coordinator.Submit(spec);
            SweepSummary status;
            while ((status = await coordinator.GetStatus()).Status == SweepPhase.Running) await Task.Delay(250);
            output.WriteLine($"sweep {sweepId}: {status.Issued:N0} quadratic trials of {epochs:N0} epochs (historyEvery 1) {status.Status} in {clock.Elapsed.TotalSeconds:F1} s");
            output.WriteLine($"after the sweep: {Memory(await TrialActivationsAsync(client))}");
            output.WriteLine();

            await CoordinatorCallsAsync(coordinator, output);
            output.WriteLine();

            output.WriteLine("| output | written by | seconds | bytes | MB/s | allocated here | peak RSS of `sweep` |");
            output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            var json = Path.Combine(folder, "results.json");
            output.WriteLine(await InProcessAsync("json, histories", json,
                async d => await SweepResultStream.WriteJsonAsync(await SweepResultReader.OpenAsync(client, sweepId), includeHistories: true, d)));
            File.Delete(json);
            output.WriteLine(await InProcessAsync("csv", json, async d => await TrialCsv.WriteAsync(await SweepResultReader.OpenAsync(client, sweepId), d)));
            File.Delete(json);
            foreach (var (what, format) in new[] { ("json, histories", "json"), ("csv", "csv") })
            {
                var command = new SweepProcess(sweepId, gateway, format, json);
                var (seconds, peak) = await command.RunAsync();
                var bytes = new FileInfo(json).Length;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {what} | `sweep results` process | {seconds:F1} | {bytes:N0} | {bytes / seconds / 1e6:F0} | | {Mb(peak)} |"));
                File.Delete(json);
            }
            output.WriteLine();

            await LatencyWhileStreamingAsync(client, new SweepProcess(sweepId, gateway, "json", json), output);
            File.Delete(json);
            output.WriteLine();
            output.WriteLine($"after the streams: {Memory(await TrialActivationsAsync(client))}");
            for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(idle);)
            {
                await Task.Delay(IdleSampleEvery);
                waited += IdleSampleEvery;
                output.WriteLine($"idle {waited.TotalMinutes:0.#} min: {Memory(await TrialActivationsAsync(client))}");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        output.WriteLine($"load average after: {Machine.LoadAverage()}");
        return 0;
    }

    /// <summary>
    /// One stream to a file by the writers in this process: its time, size and allocations (this process's memory is
    /// mostly the silo's, so its growth says little about the writer's; the `sweep` process's peak does).
    /// </summary>
    private static async Task<string> InProcessAsync(string what, string path, Func<Stream, Task> write)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        await using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            await write(file);
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = new FileInfo(path).Length;
        return string.Create(CultureInfo.InvariantCulture,
            $"| {what} | this process | {seconds:F1} | {bytes:N0} | {bytes / seconds / 1e6:F0} | {Mb(GC.GetTotalAllocatedBytes(precise: true) - allocated)} | |");
    }

    /// <summary>What a reader asks the coordinator: how long its turn is for the header and for each page of keys.</summary>
    private static async Task CoordinatorCallsAsync(ISweepCoordinatorGrain coordinator, TextWriter output)
    {
        var header = await MillisecondsAsync(() => coordinator.GetResultHeader());
        var pages = new List<double>();
        string? after = null;
        for (var full = true; full;)
        {
            SweepResultPage? page = null;
            pages.Add(await MillisecondsAsync(async () => page = await coordinator.GetResultPage(after, SweepResultReader.PageSize)));
            full = page!.Trials.Count == SweepResultReader.PageSize;
            after = page.Trials.LastOrDefault()?.Key;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"coordinator calls of a reader: header {header:F1} ms; {pages.Count} pages of {SweepResultReader.PageSize} keys, median {Percentiles.Median(pages):F1} ms, max {pages.Max():F1} ms"));
    }

    /// <summary>GetStatus (what `sweep status` asks) and the registry's List (what `sweep list` asks first) while a `sweep results` process streams.</summary>
    private static async Task LatencyWhileStreamingAsync(IClusterClient client, SweepProcess results, TextWriter output)
    {
        var coordinator = client.GetGrain<ISweepCoordinatorGrain>(results.SweepId);
        var registry = client.GetGrain<ISweepRegistryGrain>(0);
        var status = new List<double>();
        var list = new List<double>();
        var streaming = results.RunAsync();
        while (!streaming.IsCompleted)
        {
            status.Add(await MillisecondsAsync(() => coordinator.GetStatus()));
            list.Add(await MillisecondsAsync(() => registry.List(50)));
            await Task.Delay(AskEvery);
        }
        var (seconds, _) = await streaming;
        output.WriteLine($"while a `sweep results` process streams (json, histories, {seconds:F1} s; asked every {AskEvery.TotalMilliseconds:0} ms):");
        output.WriteLine();
        output.WriteLine("| call | asked | median ms | p95 ms | max ms |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, timings) in new[] { ("GetStatus (`sweep status`)", status), ("registry List (`sweep list`)", list) })
        {
            var sorted = timings.Order().ToArray();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {sorted.Length} | {Percentiles.Median(sorted):F2} | {Percentiles.Of(sorted, 95):F2} | {sorted.LastOrDefault():F2} |"));
        }
    }

    private static async Task<double> MillisecondsAsync(Func<Task> call)
    {
        var started = Stopwatch.GetTimestamp();
        await call();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<int> TrialActivationsAsync(IClusterClient client)
    {
        var statistics = await client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(nameof(TrialGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    private static string Memory(int trialActivations) =>
        $"heap {Mb(Heap())} after a full collection, working set {Mb(Environment.WorkingSet)}, {trialActivations:N0} trial activations";

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string Mb(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6:N0} MB");

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
