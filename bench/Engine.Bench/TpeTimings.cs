using System.Diagnostics;
using System.Globalization;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// Milliseconds per TPE proposal with 100, 500, 1,000, 10,000 and 100,000 finished observations on the five parameters
/// of the contract's example search (two log floats, a float, a categorical, an integer), one thread, and the random
/// sampler's at 1,000 and 100,000 for comparison; "tpe exact" models every observation even above
/// <see cref="TpeSettings.ExactUpTo"/> finished ones (the cost without the bound). The observations are
/// random points scored by a bowl. tools/optuna-reference/tpe_timing.py measures Optuna's own cost the same way.
/// Run: dotnet run -c Release --project bench/Engine.Bench -- tpe
/// </summary>
internal static class TpeTimings
{
    private const int Proposals = 200;

    /// <summary>Above this many observations a proposal takes long enough that fewer of them give a stable median.</summary>
    private const int LargeStudy = 5_000;
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    private static readonly SearchSpace Space = new(
        new FloatDimension("learningRate", 1e-5, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99),
        new FloatDimension("optimizer.weightDecay", 1e-6, 1e-2, log: true),
        new CategoricalDimension("training.batchSize", [ParameterValue.Of(32), ParameterValue.Of(64), ParameterValue.Of(128), ParameterValue.Of(256)]),
        new IntegerDimension("schedule.warmup.steps", 0, 500));

    public static void Run(TextWriter output)
    {
        output.WriteLine($"# Proposal time: 5 parameters, {Proposals} proposals per row ({Proposals / 10} above {LargeStudy:N0} observations) · {Environment.Version} · {Environment.ProcessorCount} cores · load average {LoadAverage()}");
        output.WriteLine();
        output.WriteLine("| sampler | finished observations | in flight | ms/proposal median | mean | p99 | max | CPU ms/proposal | allocated KB/proposal |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var rows = new[] { ("tpe", 100, 0), ("tpe", 500, 0), ("tpe", 1000, 0), ("tpe", 1000, 64), ("tpe", 10_000, 0), ("tpe", 100_000, 0), ("tpe", 100_000, 64),
            ("tpe exact", 10_000, 0), ("tpe exact", 100_000, 0), ("random", 1000, 0), ("random", 100_000, 0) };
        foreach (var (kind, finished, inFlight) in rows)
        {
            var observations = Observations(finished, inFlight);
            ISearchSampler sampler = kind switch
            {
                "tpe" => new TpeSampler(Space, seed: 1),
                "tpe exact" => new TpeSampler(Space, seed: 1, TpeSettings.Default with { ExactUpTo = int.MaxValue }),
                _ => new RandomSampler(Space, seed: 1),
            };
            int proposals = finished + inFlight > LargeStudy ? Proposals / 10 : Proposals;
            // Warm up for a while, not a count: on a busy machine tiered compilation needs wall time to reach the optimised code.
            var warmup = Stopwatch.StartNew();
            int next = observations.Count;
            while (warmup.Elapsed < WarmupTime) sampler.Propose(next++, observations);
            var times = new double[proposals];
            long bytes = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Environment.CpuUsage.TotalTime;
            for (int k = 0; k < proposals; k++)
            {
                long start = Stopwatch.GetTimestamp();
                sampler.Propose(next++, observations);
                times[k] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            double cpuMs = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds / proposals;
            double kilobytes = (GC.GetAllocatedBytesForCurrentThread() - bytes) / 1024.0 / proposals;
            Array.Sort(times);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {kind} | {finished:N0} | {inFlight} | {times[proposals / 2]:F3} | {times.Average():F3} | {times[(int)(proposals * 0.99)]:F3} | {times[^1]:F2} | {cpuMs:F3} | {kilobytes:F0} |"));
        }
        output.WriteLine();
        output.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>Random points scored by a bowl (minimum at η = 0.03, momentum 0.9, weight decay 1e-4, batch 64, 100 warmup steps), then in-flight ones.</summary>
    private static List<TrialObservation> Observations(int finished, int inFlight)
    {
        var random = new RandomSampler(Space, seed: 7);
        var observations = new List<TrialObservation>(finished + inFlight);
        for (int k = 0; k < finished; k++)
        {
            var p = random.Propose(k, []);
            double loss = Math.Pow(Math.Log10(p[0] / 0.03), 2) + 4 * Math.Pow(p[1] - 0.9, 2) + 0.1 * Math.Pow(Math.Log10(p[2] / 1e-4), 2)
                + (p[3] == 1 ? 0 : 0.05) + Math.Pow((p[4] - 100) / 500, 2);
            observations.Add(TrialObservation.Completed(p, loss));
        }
        for (int k = 0; k < inFlight; k++) observations.Add(TrialObservation.InFlight(random.Propose(finished + k, [])));
        return observations;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
