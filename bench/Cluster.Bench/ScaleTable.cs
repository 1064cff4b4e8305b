using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>The scale benchmark's tables (Markdown), with Ray Tune's published run as the last row.</summary>
internal static class ScaleTable
{
    // Ray Tune's own benchmark (docs: "Tune scalability and overhead benchmarks", bookkeeping overhead): 10,000 trials of
    // 1 s each on 16 CPUs took 715 s against a minimum of 625 s.
    private const int RayTrials = 10_000;
    private const int RayCpus = 16;
    private const double RayWall = 715;
    private const double RayCompute = RayTrials * 1.0;

    public static void WriteCost(TrialCost cost, string load, TextWriter output)
    {
        output.WriteLine($"### One trial alone (this process, one thread, load average {load})");
        output.WriteLine();
        output.WriteLine("| first run (cold: JIT, data load) | warm run, whole call | warm run, its training loop (wallSeconds) | set-up and verdict outside the loop | runs |");
        output.WriteLine("|---:|---:|---:|---:|---:|");
        output.WriteLine(F($"| {cost.ColdSeconds * 1e3:F0} ms | {cost.WarmSeconds * 1e3:F1} ms | {cost.LoopSeconds * 1e3:F1} ms | {(cost.WarmSeconds - cost.LoopSeconds) * 1e3:F2} ms | {cost.Runs} |"));
        output.WriteLine();
    }

    public static void Write(IReadOnlyList<ScaleRow> rows, TrialCost cost, int cores, TextWriter output)
    {
        output.WriteLine("### Overhead, decisions, memory and shares (each shape a fresh cluster, after a warm-up sweep)");
        output.WriteLine();
        output.WriteLine("| run | trials | slots | silos | wall s | Σ compute s | minimum s | overhead | decision mean / p50 / p99 ms, ≤ 1 ms | peak RSS per silo MB | share vs fair by slots | trials/s | load before → after |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---|---|---:|---|");
        foreach (var r in rows)
        {
            var d = r.Decisions;
            output.WriteLine(F($"| {r.Config.Name} | {r.Sweep.Trials:N0} | {r.Config.Slots} | {r.Config.Silos} | {r.Sweep.WallSeconds:F1} | {r.Sweep.ComputeSeconds:F1} | {r.MinimumSeconds:F1} | ")
                + F($"{r.Overhead:P1} | {d.Mean * 1e3:F2} / {d.Quantile(0.5) * 1e3:F2} / {d.Quantile(0.99) * 1e3:F1}, {d.FractionAtMost(1e-3):P0} | {string.Join(" / ", r.Silos.Select(s => F($"{s.PeakRss / 1048576.0:F0}")))} | ")
                + F($"{string.Join(" / ", r.ShareDeviations.Select(x => F($"{x:+0%;−0%;0%}")))} | {r.TrialsPerSecond:F1} | {r.LoadBefore} → {r.LoadAfter} |"));
        }
        output.WriteLine(F($"| Ray Tune, published (1 s trials) | {RayTrials:N0} | {RayCpus} CPUs | | {RayWall:F0} | {RayCompute:F0} | {RayCompute / RayCpus:F0} | {RayWall / (RayCompute / RayCpus) - 1:P1} | | | | {RayTrials / RayWall:F1} | |"));
        output.WriteLine();

        output.WriteLine("### Where the slot time outside training goes");
        output.WriteLine();
        output.WriteLine("| run | first sweep on the fresh silos: trials, overhead | training loop ms / trial | idle slot-ms / trial (of which held beyond the loop) | vs isolated cost | CPU of the sweep's processes ÷ cores | CPU ms / trial: training threads · rest of silos · Redis · client | decisions | exact decision p50 / p99 ms | Redis commands / trial | Redis KB in / trial | most frequent Redis commands / trial | statuses |");
        output.WriteLine("|---|---|---:|---:|---:|---:|---|---:|---|---:|---:|---|---|");
        foreach (var r in rows)
        {
            // The known cost: trials × one trial's loop alone, spread over the slots the cores can actually run at once.
            var isolatedMinimum = r.Sweep.Trials * cost.LoopSeconds / Math.Min(r.Config.RunsAtOnce, cores);
            string PerTrial(TimeSpan cpu) => F($"{cpu.TotalMilliseconds / r.Sweep.Trials:F1}");
            var exact = r.ExactDecisions is { Count: > 0 } e ? e.Order().ToArray() : null;
            output.WriteLine(F($"| {r.Config.Name} | {r.Warmup.Trials}, {r.ColdOverhead:P0} | {r.Sweep.ComputeSeconds / r.Sweep.Trials * 1e3:F1} | {r.IdleSlotSecondsPerTrial * 1e3:F2}{(r.SlotHeldSeconds is double h ? F($" ({(h - r.Sweep.ComputeSeconds) / r.Sweep.Trials * 1e3:F2})") : "")} | {r.Sweep.WallSeconds / isolatedMinimum - 1:P1} | {r.CpuShare:P0} | {PerTrial(r.Cpu.Silos.Training)} · {PerTrial(r.Cpu.Silos.Other)} · {PerTrial(r.Cpu.Redis)} · {PerTrial(r.Cpu.Client)} | {r.Decisions.Count:F0} | ")
                + (exact is null ? "| " : F($"{Percentiles.Of(exact, 50) * 1e3:F2} / {Percentiles.Of(exact, 99) * 1e3:F1} | "))
                + (r.Redis is { } redis
                    ? F($"{redis.Commands / (double)r.Sweep.Trials:F1} | {redis.InputBytes / 1024.0 / r.Sweep.Trials:F1} | {redis.PerTrial(r.Sweep.Trials)} | ")
                    : "in memory | | | ")
                + string.Join(", ", r.Sweep.Statuses.Select(s => $"{s.Key} {s.Value}")) + " |");
        }
        output.WriteLine();

        var single = rows.FirstOrDefault(r => !r.Config.Embedded && r.Config.Silos == 1);
        foreach (var many in rows.Where(r => !r.Config.Embedded && r.Config.Silos > 1 && single is not null))
            output.WriteLine(Comparison(many, single!, "", cores));
        // Many silos against one silo with as many slots: the same runs at once, so only the coordination differs.
        foreach (var many in rows.Where(r => !r.Config.Embedded && r.Config.Silos > 1 && r.Config.Concurrency is null))
        {
            if (rows.FirstOrDefault(r => !r.Config.Embedded && r.Config.Silos == 1 && r.Config.Slots == many.Config.Slots && r != single) is not { } like) continue;
            output.WriteLine(Comparison(many, like, " (the same runs at once)", cores));
        }
        output.WriteLine("- By CPU per trial: the cores ÷ the CPU all the sweep's processes spent per trial, the rate a machine with nothing else on it would reach if the CPU were the only limit; unlike trials/s it hardly depends on what else ran meanwhile.");
        output.WriteLine($"- On {cores} cores the ceiling is the cores: shapes with more slots than cores run their trials slower each, not more of them at once.");
        output.WriteLine();
    }

    private static string Comparison(ScaleRow many, ScaleRow baseline, string note, int cores) =>
        F($"- {many.Config.Name} against {baseline.Config.Name}{note}: {many.TrialsPerSecond:F2} against {baseline.TrialsPerSecond:F2} trials/s ({many.TrialsPerSecond / baseline.TrialsPerSecond - 1:+0.0%;−0.0%}); ")
        + F($"by CPU per trial, {CpuBound(many, cores):F2} against {CpuBound(baseline, cores):F2} ({CpuBound(many, cores) / CpuBound(baseline, cores) - 1:+0.0%;−0.0%}).");

    /// <summary>Trials per second if the sweep had the cores to itself and CPU were its only limit.</summary>
    private static double CpuBound(ScaleRow row, int cores) => cores / (row.Cpu.Total.TotalSeconds / row.Sweep.Trials);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
