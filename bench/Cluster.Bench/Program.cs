using SweepCluster.Cluster.Bench;

// The sweep coordinator on an embedded silo (what `sweep run --local` starts): its decision time per trial and how busy
// it keeps the training slots. Timings are wall clock on a shared machine: run it more than once and read the load.
// dotnet run -c Release --project bench/Cluster.Bench [-- decisions | utilisation | state | coordinator-memory] [--runs 3] [--slots N]
// Real silo processes on one real Redis (ScaleOptions): -- scale [--trials 1000] [--steps N] | memory [--server-gc]
// A 10,000-trial result streamed: -- results [--trials 10000] [--epochs 1000]
// What each finished trial leaves per place (heap, Redis, results files): -- trial-bytes [--trials 10000] [--steps 30] [--redis]
// A large grid on real silo processes and Redis, a silo killed half way: -- large [--trials 100000] [--silos 2] [--slots 2] [--kill]
var mode = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && !int.TryParse(a, out _)) ?? "all";
if (mode == "results") return await ResultsStreaming.RunAsync(args, Console.Out);
if (mode == "trial-bytes") return await TrialBytes.RunAsync(args, Console.Out);
if (mode == "large") return await LargeSweep.RunAsync(args, Console.Out);
if (mode is not ("all" or "decisions" or "utilisation" or "state" or "coordinator-memory" or "scale" or "memory"))
{
    Console.Error.WriteLine($"unknown mode \"{mode}\": expected decisions, utilisation, state, coordinator-memory, scale, memory, results, trial-bytes, large or nothing (the first four).");
    return 2;
}
if (mode is "scale" or "memory") return await ProcessBenchmarks.RunAsync(mode, ScaleOptions.Parse(args), Console.Out);
var runs = Option("--runs", 3);
var slots = Option("--slots", Environment.ProcessorCount);

Console.WriteLine($"# Cluster benchmark · {Machine.Describe()} · load average before {Machine.LoadAverage()}");
Console.WriteLine();
await using (var silo = await EmbeddedSilo.StartAsync(slots))
{
    if (mode is "all" or "decisions") await DecisionTimings.RunAsync(silo, runs, Console.Out);
    if (mode is "all" or "utilisation") await SlotUtilisation.RunAsync(silo, runs, Console.Out);
    if (mode is "all" or "state") await StateWriteTimings.RunAsync(silo, Console.Out);
    if (mode is "all" or "coordinator-memory") await CoordinatorMemory.RunAsync(silo, Console.Out);
}
Console.WriteLine($"load average after: {Machine.LoadAverage()}");
return 0;

int Option(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
}
