using System.Globalization;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// The coordinator's decision time as the coordinator grain lives it: from a trial's end arriving to the next runs
/// issued (the trial's result fetched, the outcome persisted, the search's Report and Next, the requests persisted, the
/// trials started), read from the <c>sweep_coordinator_decision_seconds</c> histogram. Trials are quadratics of a few
/// dozen steps, so training is negligible; storage is in memory (the embedded silo). The goal is ≤ 1 ms a decision
/// (tools/optuna-reference/README.md has Optuna's TPE for comparison).
/// </summary>
internal static class DecisionTimings
{
    public static async Task RunAsync(EmbeddedSilo silo, int runs, TextWriter output)
    {
        (string Name, string Spec)[] scenarios =
        [
            ("grid, 201 points", BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":40,"metric":"trainLoss"}""")),
            ("grid, 201 points, 1,000-point histories", BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":40,"metric":"trainLoss"}""", epochs: 1000)),
            ("grid, 1,001 points", BenchSpecs.Quadratic("""{"kind":"grid","min":1e-5,"max":1,"pointsPerDecade":200,"metric":"trainLoss"}""")),
            ("coarse-to-fine, 41 + 5 × 10", BenchSpecs.Quadratic("""{"kind":"coarse-to-fine","min":1e-4,"max":1,"pointsPerDecade":10,"refinements":5,"pointsPerRefinement":10,"metric":"trainLoss"}""")),
            ("4 arms × coarse-to-fine 17 + 2 × 5", BenchSpecs.Quadratic($$"""{"kind":"coarse-to-fine","min":1e-4,"max":1,"pointsPerDecade":4,"refinements":2,"pointsPerRefinement":5,"metric":"trainLoss","arms":{{BenchSpecs.FourArms}}}""")),
        ];
        using var recorder = new DecisionRecorder();
        // JIT and first activations: not measured.
        await SweepDriver.RunAsync(silo.Client, BenchSpecs.Quadratic("""{"kind":"grid","min":1e-4,"max":1,"pointsPerDecade":5,"metric":"trainLoss"}"""));
        recorder.Drain();

        output.WriteLine($"## Coordinator decision time (embedded silo, in-memory storage, {silo.Slots.Capacity} slots, {runs} runs each)");
        output.WriteLine();
        output.WriteLine("| scenario | trials | decisions | median µs | p90 µs | p99 µs | max µs | > 1 ms | run medians µs | trials/s |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var (name, spec) in scenarios)
        {
            var all = new List<double>();
            var medians = new List<double>();
            var rates = new List<double>();
            var trials = 0;
            for (var run = 0; run < runs; run++)
            {
                var figures = await SweepDriver.RunAsync(silo.Client, spec);
                var times = recorder.Drain();
                all.AddRange(times);
                medians.Add(Percentiles.Median(times));
                rates.Add(figures.Trials / figures.WallSeconds);
                trials = figures.Trials;
            }
            all.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {trials} | {all.Count} | {Percentiles.Of(all, 50):F0} | {Percentiles.Of(all, 90):F0} | {Percentiles.Of(all, 99):F0} | {all[^1]:F0} | " +
                $"{all.Count(t => t > 1000)} | {string.Join(" / ", medians.Select(m => m.ToString("F0", CultureInfo.InvariantCulture)))} | {Percentiles.Median(rates):F0} |"));
        }
        output.WriteLine();
    }
}
