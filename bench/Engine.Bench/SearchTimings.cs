using System.Diagnostics;
using System.Globalization;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// The coordinator's decision time: µs per trial for Report + the Next that follows it (and a ContinueAtRung per rung
/// where ASHA is on), with made-up outcomes and 64 runs in flight, as a coordinator grain would call the search.
/// The goal is ≤ 1 ms a decision (tools/optuna-reference/README.md has Optuna's TPE for comparison). The CPU column
/// (the process's CPU time, which includes the harness's bookkeeping) stays honest when other processes share the
/// cores; the max does not: on a loaded machine it is a time slice lost to another process.
/// Run: dotnet run -c Release --project bench/Engine.Bench -- search
/// </summary>
internal static class SearchTimings
{
    private const int Slots = 64;

    public static void Run(TextWriter output)
    {
        var manyRates = string.Join(", ", LogGrid.Points(1e-6, 10, 10_000).Select(r => r.ToString("R", CultureInfo.InvariantCulture)));
        var scenarios = new (string Name, string Search, int Repeats)[]
        {
            ("grid, 10,000 trials", $$"""{ "kind": "grid", "learningRates": [{{manyRates}}] }""", 3),
            ("grid, 10,000 trials, ASHA (rungs 1, 2, 4, 8, 16)", $$"""{ "kind": "grid", "learningRates": [{{manyRates}}], "earlyStopping": { "kind": "asha", "reductionFactor": 2 } }""", 3),
            ("coarse-to-fine, contract example (16 trials)", """{ "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "refinements": 2, "pointsPerRefinement": 5 }""", 2000),
            ("coarse-to-fine, 8 arms × 16 trials", """
                { "kind": "coarse-to-fine", "min": 1e-4, "max": 10, "refinements": 2, "pointsPerRefinement": 5,
                  "arms": [ {}, {}, {}, {}, {}, {}, {}, {} ] }
                """, 300),
            ("coarse-to-fine, 601 coarse + 10 × 100 refined", """
                { "kind": "coarse-to-fine", "min": 1e-5, "max": 10, "pointsPerDecade": 100, "refinements": 10, "pointsPerRefinement": 100 }
                """, 20),
        };
        output.WriteLine($"# Search decision time: Report + Next per trial, {Slots} in flight · {Environment.Version} · {Environment.ProcessorCount} cores");
        output.WriteLine();
        output.WriteLine("| scenario | trials | µs/decision mean | median | p99 | max | decisions > 1 ms | CPU µs/decision | gen0/gen2 GCs | restore ms | summary ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, search, repeats) in scenarios)
        {
            var spec = SpecParser.Parse($$"""
                { "name": "bench", "data": { "source": "mnist" }, "model": { "kind": "softmax" }, "optimizer": { "kind": "sgd" },
                  "training": { "epochs": 20 }, "search": {{search}} }
                """);
            Sweep(spec);   // warm-up: JIT and tiering
            var times = new List<double>();
            Log? log = null;
            int gen0 = GC.CollectionCount(0), gen2 = GC.CollectionCount(2);
            var cpu = Environment.CpuUsage.TotalTime;
            for (var i = 0; i < repeats; i++) log = Sweep(spec, times);
            var cpuPerDecision = (Environment.CpuUsage.TotalTime - cpu).TotalMicroseconds / times.Count;
            gen0 = GC.CollectionCount(0) - gen0;
            gen2 = GC.CollectionCount(2) - gen2;
            var restore = Stopwatch.StartNew();
            var restored = SweepSearch.Restore(spec, log!.Issued, log.Finished, [], log.Rungs);
            var restoreMs = restore.Elapsed.TotalMilliseconds;
            var summary = Stopwatch.StartNew();
            _ = (restored.Stages, restored.Best, restored.BestByArm, restored.Verdicts());
            var summaryMs = summary.Elapsed.TotalMilliseconds;
            times.Sort();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {log.Finished.Count:N0} | {times.Average():F2} | {times[times.Count / 2]:F2} | {times[(int)(times.Count * 0.99)]:F2} | {times[^1]:F1} | {times.Count(t => t > 1000)} of {times.Count:N0} | {cpuPerDecision:F2} | {gen0}/{gen2} | {restoreMs:F1} | {summaryMs:F1} |"));
        }
    }

    private sealed record Log(List<TrialRequest> Issued, List<TrialOutcome> Finished, List<RungObservation> Rungs);

    /// <summary>One whole sweep with made-up outcomes (a bowl in log η); each trial's decision time goes into <paramref name="times"/>.</summary>
    private static Log Sweep(SweepSpec spec, List<double>? times = null)
    {
        var search = new SweepSearch(spec);
        var log = new Log([], [], []);
        var inFlight = new Queue<TrialRequest>(search.Next(Slots));
        log.Issued.AddRange(inFlight);
        var random = new Random(1);
        while (inFlight.Count > 0)
        {
            var request = inFlight.Dequeue();
            var loss = 0.3 + Math.Pow(Math.Log10(request.LearningRate / (0.1 * (1 + request.Arm))), 2) + 0.01 * random.NextDouble();
            var start = Stopwatch.GetTimestamp();
            var epochs = 20;
            foreach (var rung in search.Rungs(request.Arm))
            {
                var value = loss * (1 + 1.0 / rung);
                log.Rungs.Add(new RungObservation(request.Key, rung, value));
                if (!search.ContinueAtRung(request.Key, rung, value)) { epochs = rung; break; }
            }
            var outcome = new TrialOutcome(request.Key, request.Arm, request.Stage, request.LearningRate,
                epochs < 20 ? TrialStatus.Stopped : TrialStatus.Completed, loss, loss, 0.9, epochs, 2.3, Verdict.Good, 1);
            search.Report(outcome);
            var next = search.Next(Slots - inFlight.Count);
            times?.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            log.Finished.Add(outcome);
            log.Issued.AddRange(next);
            foreach (var r in next) inFlight.Enqueue(r);
        }
        if (!search.IsComplete) throw new InvalidOperationException("the sweep did not complete");
        return log;
    }
}
