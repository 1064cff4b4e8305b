using System.Diagnostics;
using System.Globalization;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// What JIT warm-up costs short trials in a fresh process, under each way of compiling: the same sequence of small
/// trials (softmax and MLP on the bundled MNIST, SGD and Adam, 2,000 rows × 1 epoch, as a sweep's tiny trials) run
/// through <see cref="Trainer"/> on one or two threads at once (two: a silo whose slots fill both cores, where the
/// tier-1 compiler thread competes with training). Each setting runs in its own child process, since JIT state cannot
/// be reset in this one. The figure is the excess of the first trials over the steady state: Σ(first N) − N × median of
/// the last ones.
/// Run: dotnet run -c Release --project bench/Engine.Bench -- warmup [--trials 80] [--threads 2] [--r2r DIR]
/// (DIR: this benchmark published with -p:PublishReadyToRun=true, e.g. `dotnet publish bench/Engine.Bench -c Release
/// -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o /tmp/engine-bench-r2r`).
/// </summary>
internal static class WarmupTimings
{
    private const int Excess = 10;

    private static readonly string[] Specs =
    [
        Spec("softmax", """{"kind":"softmax"}""", """{"kind":"sgd","learningRate":0.1}"""),
        Spec("mlp-sgd", """{"kind":"mlp","hidden":[128]}""", """{"kind":"sgd","learningRate":0.1}"""),
        Spec("mlp-adam", """{"kind":"mlp","hidden":[128]}""", """{"kind":"adam","learningRate":0.001}"""),
        Spec("softmax-adam", """{"kind":"softmax"}""", """{"kind":"adam","learningRate":0.001}"""),
    ];

    private static readonly (string Name, string Variables)[] Settings =
    [
        ("project default (tiered, TieredPGO)", ""),
        ("TieredPGO off", "DOTNET_TieredPGO=0"),
        ("loops jitted optimised (TC_QuickJitForLoops=0)", "DOTNET_TC_QuickJitForLoops=0"),
        ("tiering off (TieredCompilation=0)", "DOTNET_TieredCompilation=0"),
        ("project default after TrainingWarmup (what a silo does at start)", "--prewarm"),
    ];

    /// <summary>The parent: one child process per setting, a table of what they measured.</summary>
    public static void Compare(string[] args, TextWriter output)
    {
        var trials = Option(args, "--trials", 80);
        var threads = Option(args, "--threads", 2);
        var r2r = args.SkipWhile(a => a != "--r2r").Skip(1).FirstOrDefault();
        var self = typeof(WarmupTimings).Assembly.Location;
        var runs = Settings.Select(s => (s.Name, Dll: self, s.Variables)).ToList();
        if (r2r is not null)
        {
            var dll = Path.Combine(r2r, Path.GetFileName(self));
            runs.Add(("ReadyToRun (our assemblies precompiled), tiered", dll, ""));
            runs.Add(("ReadyToRun + loops jitted optimised", dll, "DOTNET_TC_QuickJitForLoops=0"));
        }
        output.WriteLine($"## JIT warm-up: {trials} trials per thread, {threads} thread(s) at once, each setting in a fresh process (load average {LoadAverage()})");
        output.WriteLine();
        output.WriteLine($"| setting | first trial ms | trials 2–{Excess} ms (median) | steady ms (median of the last quarter) | excess of the first {Excess} trials, ms | JIT on the training thread in them, ms | whole run s | process start to Main ms | MNIST load ms | warm-up before the trials ms |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, dll, variables) in runs)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add(dll);
            foreach (var a in new[] { "warmup-child", "--trials", trials.ToString(CultureInfo.InvariantCulture), "--threads", threads.ToString(CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(a);
            if (variables == "--prewarm") start.ArgumentList.Add(variables);
            foreach (var pair in variables.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => p.Contains('=')))
                start.Environment[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
            var launched = Stopwatch.GetTimestamp();
            using var child = Process.Start(start)!;
            var lines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            child.WaitForExit();
            var whole = Stopwatch.GetElapsedTime(launched).TotalSeconds;
            // Child lines: "startup MS LOAD_MS WARMUP_MS" then "trial THREAD INDEX MS JIT_MS" (JIT: compilation on that thread).
            var startupLine = lines.First(l => l.StartsWith("startup", StringComparison.Ordinal)).Split(' ');
            var startup = double.Parse(startupLine[1], CultureInfo.InvariantCulture);
            var loading = double.Parse(startupLine[2], CultureInfo.InvariantCulture);
            var prewarm = double.Parse(startupLine[3], CultureInfo.InvariantCulture);
            var byIndex = lines.Where(l => l.StartsWith("trial", StringComparison.Ordinal)).Select(l => l.Split(' '))
                .GroupBy(p => int.Parse(p[2], CultureInfo.InvariantCulture))
                .OrderBy(g => g.Key)
                .Select(g => g.Average(p => double.Parse(p[3], CultureInfo.InvariantCulture)))
                .ToArray();
            var steady = Median(byIndex.Skip(byIndex.Length * 3 / 4));
            var jitFirst = lines.Where(l => l.StartsWith("trial", StringComparison.Ordinal)).Select(l => l.Split(' '))
                .Where(p => int.Parse(p[2], CultureInfo.InvariantCulture) < Excess).Sum(p => double.Parse(p[4], CultureInfo.InvariantCulture)) / threads;
            var excess = byIndex.Take(Excess).Sum() - Excess * steady;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {byIndex[0]:F0} | {Median(byIndex.Skip(1).Take(Excess - 1)):F1} | {steady:F1} | {excess:F0} | {jitFirst:F0} | {whole:F1} | {startup:F0} | {loading:F0} | {prewarm:F0} |"));
        }
        output.WriteLine();
        output.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>The child: the trial sequence on each of <c>--threads</c> threads, one line per trial.</summary>
    public static void Child(string[] args, TextWriter output)
    {
        var startup = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        var trials = Option(args, "--trials", 80);
        var threads = Option(args, "--threads", 2);
        var plans = Specs.Select(json =>
        {
            var spec = SpecParser.Parse(json);
            var arm = spec.ResolvedArms()[0];
            return TrialPlan.For(spec, arm, arm.Optimizer.LearningRate!.Value);
        }).ToArray();
        // The data set is loaded (and its rows compressed) once per process, whatever compiles the code: apart.
        var loading = Stopwatch.GetTimestamp();
        _ = Data.DataLoader.Load(SpecParser.Parse(Specs[0]).Data, 1);
        var loaded = Stopwatch.GetElapsedTime(loading).TotalMilliseconds;
        var warmup = args.Contains("--prewarm") ? TrainingWarmup.Run().TotalMilliseconds : 0;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"startup {startup:F1} {loaded:F1} {warmup:F1}"));
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < trials; i++)
            {
                var clock = Stopwatch.GetTimestamp();
                var jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
                var trial = Trainer.Run(plans[i % plans.Length]);
                var jitMs = (System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit).TotalMilliseconds;
                if (trial.Status != Results.TrialStatus.Completed) throw new InvalidOperationException($"trial {i} ended {trial.Status}");
                lines.Enqueue(string.Create(CultureInfo.InvariantCulture, $"trial {t} {i} {Stopwatch.GetElapsedTime(clock).TotalMilliseconds:F2} {jitMs:F2}"));
            }
        })).ToArray();
        foreach (var w in workers) w.Start();
        foreach (var w in workers) w.Join();
        foreach (var line in lines) output.WriteLine(line);
    }

    private static string Spec(string name, string model, string optimizer) =>
        $$$"""{"name":"warmup-{{{name}}}","data":{"source":"mnist","trainSize":2000,"validationSize":2000},"model":{{{model}}},"optimizer":{{{optimizer}}},"training":{"epochs":1,"batchSize":64,"seed":1}}""";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
