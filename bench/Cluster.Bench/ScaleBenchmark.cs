using SweepCluster.Grains.Telemetry;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// The overhead and scale figures: the same grid of ≥ 1,000 trials of fixed cost on the embedded silo and on
/// 1, 2 and 4 real silo processes sharing one real Redis, reported as Ray Tune reports its own (wall against
/// Σ compute ÷ slots), with the coordinator's decision time from the silos' /metrics, each silo's peak RSS and share.
/// Each shape gets a fresh cluster and a warm-up sweep first (JIT, the data set's load), which is not measured.
/// </summary>
internal static class ScaleBenchmark
{
    private const string DecisionMetric = "sweep_coordinator_decision_seconds";

    public static async Task RunAsync(ScaleOptions options, TextWriter output)
    {
        var cores = Environment.ProcessorCount;
        output.WriteLine($"## Scale: {ScaleSpecs.TrialsOf(options.Trials):N0} softmax trials of {options.Steps:N0} steps (MNIST 8,000 rows, batch 64), "
            + $"silos with {(options.ServerGc ? "server" : "workstation")} GC");
        output.WriteLine();
        var cost = await TrialCost.MeasureAsync(ScaleSpecs.Grid(options.Trials, options.Steps), runs: 15);
        ScaleTable.WriteCost(cost, Machine.LoadAverage(), output);
        var rows = new List<ScaleRow>();
        foreach (var config in ScaleConfig.For(cores).Where(c => options.Only is null || options.Only.Any(o => c.Name.Contains(o, StringComparison.Ordinal))))
        {
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {config.Name} (load {Machine.LoadAverage()})");
            var spec = ScaleSpecs.Grid(options.Trials, options.Steps, concurrency: config.Concurrency);
            // A hundred trials a silo: each process compiles its own hot paths again at tier 1 (the JIT), which with a
            // shorter warm-up spilled into the measured sweep. The first sweep's own figures are in the second table.
            var warmup = ScaleSpecs.Grid(options.Warmup ?? Math.Max(10 * cores, 100 * config.Silos), options.Steps, concurrency: config.Concurrency);
            var row = config.Embedded ? await EmbeddedAsync(config, spec, warmup) : await ProcessesAsync(config, spec, warmup, options.ServerGc);
            rows.Add(row);
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}]   wall {row.Sweep.WallSeconds:F1} s, overhead {row.Overhead:P1}");
        }
        ScaleTable.Write(rows, cost, cores, output);
    }

    private static async Task<ScaleRow> EmbeddedAsync(ScaleConfig config, string spec, string warmup)
    {
        await using var silo = await EmbeddedSilo.StartAsync(config.EmbeddedSlots);
        using var recorder = new DecisionRecorder();
        var cold = await ScaleSweep.RunAsync(silo.Client, warmup);
        recorder.Drain();
        var loadBefore = Machine.LoadAverage();
        var cpuBefore = new SweepCpu(ProcessCpu.Of(Environment.ProcessId), TimeSpan.Zero, TimeSpan.Zero);
        var heldBefore = silo.Slots.BusyTime;
        SweepCpu? cpuAfter = null;
        var held = 0.0;
        var loadAfter = "";
        var sweep = await ScaleSweep.RunAsync(silo.Client, spec, () =>
        {
            cpuAfter = new SweepCpu(ProcessCpu.Of(Environment.ProcessId), TimeSpan.Zero, TimeSpan.Zero);
            held = (silo.Slots.BusyTime - heldBefore).TotalSeconds;
            loadAfter = Machine.LoadAverage();
        });
        var cpu = cpuAfter!.Since(cpuBefore);
        var seconds = recorder.Drain().Select(us => us / 1e6).ToArray();
        var decisions = Histogram.Of([.. SweepMetrics.DecisionBuckets, double.PositiveInfinity], seconds);
        var memory = ProcessMemory.OfThisProcess();
        var silos = sweep.TrialsBySilo.Select(s => new SiloFigures(s.Key, config.EmbeddedSlots, s.Value, memory.Peak, memory.Resident)).ToArray();
        return new ScaleRow(config, cold, sweep, decisions, silos, null, cpu, loadBefore, loadAfter, seconds, held);
    }

    private static async Task<ScaleRow> ProcessesAsync(ScaleConfig config, string spec, string warmup, bool serverGc)
    {
        await using var cluster = await ProcessCluster.StartAsync(config.SiloSlots, serverGc);
        var cold = await ScaleSweep.RunAsync(cluster.Client, warmup);
        var before = await DecisionsAsync(cluster);
        var redisBefore = await cluster.Redis.CountsAsync();
        var loadBefore = Machine.LoadAverage();
        var cpuBefore = CpuTime(cluster);
        SweepCpu? cpuAfter = null;
        var loadAfter = "";
        var sweep = await ScaleSweep.RunAsync(cluster.Client, spec, () =>
        {
            cpuAfter = CpuTime(cluster);
            loadAfter = Machine.LoadAverage();
        });
        var cpu = cpuAfter!.Since(cpuBefore);
        var redis = (await cluster.Redis.CountsAsync()).Since(redisBefore);
        var decisions = (await DecisionsAsync(cluster)).Since(before);
        var silos = cluster.Silos.Select(s =>
        {
            var memory = s.Memory();
            return new SiloFigures(s.Address, s.Slots, sweep.TrialsBySilo.GetValueOrDefault(s.Address), memory.Peak, memory.Resident);
        }).ToArray();
        return new ScaleRow(config, cold, sweep, decisions, silos, redis, cpu, loadBefore, loadAfter);
    }

    private static SweepCpu CpuTime(ProcessCluster cluster) => new(
        cluster.Silos.Aggregate(ProcessCpu.Zero, (sum, s) => sum + s.Cpu()), cluster.Redis.CpuTime, ProcessCpu.Of(Environment.ProcessId).Total);

    /// <summary>Every silo's decision histogram added up (only the coordinator's silo has any).</summary>
    private static async Task<Histogram> DecisionsAsync(ProcessCluster cluster)
    {
        var scraped = await Task.WhenAll(cluster.Silos.Select(s => s.ScrapeAsync()));
        return scraped.Select(text => new MetricsText(text).Histogram(DecisionMetric)).Aggregate(Histogram.Empty, (sum, h) => sum.Plus(h));
    }
}
