using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// What a coordinator's driver keeps per trial and how long it takes to decide, without a cluster: a
/// <see cref="SweepDriver"/> of a quadratic sweep (data none) is fed made-up ends, one trial at a time, on two silos of
/// two slots, as the coordinator grain feeds it. Bytes per trial are the heap's growth after a full collection with the
/// driver kept alive, once for the driver that ran the sweep and once for a driver restored from its log (what a
/// coordinator holds after a failover). A decision is one trial-ended event: <see cref="SweepDriver.RunEnded"/> and the
/// <see cref="SweepDriver.Pump"/> that follows it, until its effects are returned.
/// Run: dotnet run -c Release --project bench/Engine.Bench -- driver [--trials 10000,100000] [--only grid|tpe]
/// </summary>
internal static partial class DriverFootprint
{
    private static readonly SiloRoom[] Rooms = [new("127.0.0.1:11111", 2), new("127.0.0.1:11112", 2)];

    /// <summary>The last decisions, read as the cost at the sweep's full size.</summary>
    private const int Tail = 1000;

    public static void Run(string[] args, TextWriter output)
    {
        var sizes = Option(args, "--trials")?.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray() ?? [10_000, 100_000];
        var only = Option(args, "--only");
        output.WriteLine($"# Driver footprint and decision time: quadratic trials, 2 silos × 2 slots · {Environment.Version} · {Environment.ProcessorCount} cores · load average {LoadAverage()}");
        output.WriteLine();
        output.WriteLine("| search | trials | B/trial kept (ran) | B/trial kept (restored) | decision µs p50 | p99 | max | last 1,000: p50 | p99 | CPU µs p50 / p99 | last 1,000 | decisions > 1 ms | restore s | run s |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        // Warm-up: JIT and tiering on small sweeps of each kind.
        foreach (var kind in new[] { "grid", "tpe" }) Sweep(Spec(kind, 2000), null, null, null);
        foreach (var kind in new[] { "grid", "tpe" }.Where(k => only is null || k == only))
            foreach (var trials in sizes)
            {
                var spec = Spec(kind, trials);
                var (ran, times, cpu, runSeconds) = Ran(spec, trials);
                var (kept, restoreSeconds) = Restored(spec);
                var tail = times.Skip(Math.Max(0, times.Count - Tail)).Order().ToArray();
                var cpuTail = cpu.Skip(Math.Max(0, cpu.Count - Tail)).Order().ToArray();
                times.Sort();
                cpu.Sort();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {trials:N0} | {ran / (double)trials:N0} | {kept / (double)trials:N0} | {P(times, 0.5):F1} | {P(times, 0.99):F1} | {times[^1]:F0} | {P(tail, 0.5):F1} | {P(tail, 0.99):F1} | {P(cpu, 0.5):F1} / {P(cpu, 0.99):F1} | {P(cpuTail, 0.5):F1} / {P(cpuTail, 0.99):F1} | {times.Count(t => t > 1000)} | {restoreSeconds:F2} | {runSeconds:F1} |"));
            }
        output.WriteLine();
        output.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>The heap a driver keeps after running the sweep, and each decision's wall and CPU µs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Bytes, List<double> Times, List<double> Cpu, double Seconds) Ran(SweepSpec spec, int trials)
    {
        var times = new List<double>(trials);
        var cpu = new List<double>(trials);
        var before = Heap();
        var clock = Stopwatch.StartNew();
        var driver = Sweep(spec, times, cpu, null);
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = Heap() - before;
        GC.KeepAlive(driver);
        return (bytes, times, cpu, seconds);
    }

    /// <summary>
    /// The heap a driver restored from the sweep's log keeps. The log comes from a run of its own, and is read as a
    /// coordinator reads its stored log: every fact a copy of its own, dropped once read.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (long Bytes, double Seconds) Restored(SweepSpec spec)
    {
        var log = new List<SweepFact>();
        Sweep(spec, null, null, log);
        var before = Heap();
        var clock = Stopwatch.StartNew();
        var restored = SweepDriver.Restore(spec, null, log.Select(Copy), running: false);
        var seconds = clock.Elapsed.TotalSeconds;
        var bytes = Heap() - before;
        GC.KeepAlive(restored);
        GC.KeepAlive(log);
        return (bytes, seconds);
    }

    /// <summary>A grid of η (min 1e-5 to 1e-2, <paramref name="trials"/> points) or a TPE search of η and momentum.</summary>
    private static SweepSpec Spec(string kind, int trials)
    {
        var search = kind == "grid"
            ? string.Create(CultureInfo.InvariantCulture, $$"""{ "kind": "grid", "metric": "trainLoss", "min": 1e-5, "max": 1e-2, "pointsPerDecade": {{(trials - 1) / 3}} }""")
            : string.Create(CultureInfo.InvariantCulture, $$"""
                { "kind": "tpe", "metric": "trainLoss", "trials": {{trials}}, "seed": 1,
                  "parameters": { "learningRate": { "min": 1e-5, "max": 1, "log": true }, "optimizer.momentum": { "min": 0, "max": 0.99 } } }
                """);
        return SpecParser.Parse($$"""
            { "name": "bench-driver", "data": { "source": "none" }, "model": { "kind": "quadratic", "eigenvalues": [1, 10, 40] },
              "optimizer": { "kind": "sgd" }, "training": { "epochs": 30 }, "search": {{search}} }
            """);
    }

    /// <summary>Runs a sweep to its end, each decision's µs into <paramref name="times"/> and each fact into <paramref name="log"/>.</summary>
    private static SweepDriver Sweep(SweepSpec spec, List<double>? times, List<double>? cpu, List<SweepFact>? log)
    {
        var driver = new SweepDriver(spec);
        var inFlight = new Queue<Launch>();
        Carry(driver.Pump(driver.Capacity(Rooms), Rooms));
        while (inFlight.Count > 0)
        {
            var launch = inFlight.Dequeue();
            var outcome = Outcome(launch.Request);
            var cpuStart = ThreadCpuMicroseconds();
            var start = Stopwatch.GetTimestamp();
            var effects = driver.RunEnded(outcome, launch.Silo).Then(driver.Pump(driver.Capacity(Rooms), Rooms));
            times?.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            cpu?.Add(ThreadCpuMicroseconds() - cpuStart);
            Carry(effects);
        }
        if (driver.IsRunning) throw new InvalidOperationException("the sweep did not end");
        return driver;

        void Carry(SweepEffects effects)
        {
            log?.AddRange(effects.Log);
            foreach (var launch in effects.Launches) inFlight.Enqueue(launch);
            if (effects.End is { Status: not SweepStatus.Completed } end) throw new InvalidOperationException($"the sweep ended {end.Status}: {end.Error}");
        }
    }

    /// <summary>A made-up end: a bowl in log η (and momentum) with its minimum at η = 0.02, momentum 0.5.</summary>
    private static TrialOutcome Outcome(TrialRequest request)
    {
        var momentum = request.Parameters is { } p && p.TryGetValue("optimizer.momentum", out var m) ? m.Number : 0.5;
        var loss = 0.1 + Math.Pow(Math.Log10(request.LearningRate / 0.02), 2) + Math.Pow(momentum - 0.5, 2);
        return new TrialOutcome(request.Key, request.Arm, request.Stage, request.LearningRate, TrialStatus.Completed, loss, null, null, 30, 25.5, Verdict.Good, 0.01);
    }

    /// <summary>A fact as read back from storage: nothing shared with the one written.</summary>
    private static SweepFact Copy(SweepFact fact) => fact switch
    {
        RunIssued r => new RunIssued(r.Request with
        {
            Key = new string(r.Request.Key),
            Parameters = r.Request.Parameters?.ToDictionary(p => new string(p.Key), p => p.Value),
        }),
        RunReported o => new RunReported(o.Outcome with { Key = new string(o.Outcome.Key) }),
        _ => fact,
    };

    private static double P(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * q))];

    /// <summary>This thread's CPU time: a decision's cost without the time slices lost to other processes on a shared machine.</summary>
    private static double ThreadCpuMicroseconds() =>
        OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0 ? t.Seconds * 1e6 + t.Nanoseconds / 1e3 : 0;

    private const int ThreadCpuClock = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
