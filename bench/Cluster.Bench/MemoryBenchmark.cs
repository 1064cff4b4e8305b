using System.Diagnostics;
using System.Globalization;
using SweepCluster.Engine.Data;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Bench;

/// <summary>
/// A silo's resident memory (VmRSS) with 0, 10 and 100 small trials training at once: one silo process with 100 slots,
/// sweeps of softmax trials with Adam far too long to end (cancelled once measured), sampled once the silo's
/// <c>sweep_trials_running</c> says they all train. The increment per trial is compared with what a trial must hold
/// (parameters, gradient, Adam's two moments), and the increment with the data set loaded with its size, which tells
/// how many copies of it there are.
/// </summary>
internal static class MemoryBenchmark
{
    private const int Slots = 100;
    // 7,850 floats (784 × 10 weights and 10 biases): parameters, gradient, Adam's first and second moments.
    private const int Parameters = 784 * 10 + 10;
    private const long TrialBytes = 4L * Parameters * 4;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    public static async Task RunAsync(ScaleOptions options, TextWriter output)
    {
        var dataBytes = MnistBytes();
        output.WriteLine($"## Memory: one silo process, --slots {Slots}, {(options.ServerGc ? "server" : "workstation")} GC; softmax trials with Adam on MNIST");
        output.WriteLine();
        await using var cluster = await ProcessCluster.StartAsync([Slots], options.ServerGc);
        var silo = cluster.Silos[0];
        var samples = new List<(string What, int Running, long Rss, string Load)>();
        await Task.Delay(TimeSpan.FromSeconds(3));   // the silo's start-up work done
        samples.Add(("idle, fresh (no trial yet)", 0, await SampleRssAsync(silo), Machine.LoadAverage()));
        foreach (var concurrent in new[] { 10, Slots })
        {
            Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {concurrent} concurrent trials (load {Machine.LoadAverage()})");
            var sweep = cluster.Client.GetGrain<ISweepCoordinatorGrain>("s-" + Guid.NewGuid().ToString("N")[..8]);
            await sweep.Submit(ScaleSpecs.Grid(concurrent, steps: 10_000_000, optimizer: "adam", concurrency: concurrent));
            await WaitRunningAsync(silo, n => n == concurrent, $"{concurrent} trials running");
            await Task.Delay(TimeSpan.FromSeconds(2));   // each past its set-up and first steps
            var rss = await SampleRssAsync(silo);
            samples.Add(($"{concurrent} trials training", await RunningAsync(silo), rss, Machine.LoadAverage()));
            await sweep.Cancel();
            await WaitRunningAsync(silo, n => n == 0, "no trial running");
            await Task.Delay(TimeSpan.FromSeconds(3));
            samples.Add(($"idle again after {concurrent}", 0, await SampleRssAsync(silo), Machine.LoadAverage()));
        }
        var peak = silo.Memory().Peak;

        output.WriteLine("| silo state | sweep_trials_running | VmRSS MB | load average |");
        output.WriteLine("|---|---:|---:|---|");
        foreach (var (what, running, rss, load) in samples) output.WriteLine(F($"| {what} | {running} | {rss / 1048576.0:F1} | {load} |"));
        output.WriteLine(F($"| peak (VmHWM) | | {peak / 1048576.0:F1} | |"));
        output.WriteLine();
        var (idle, ten, hundred) = (samples[0].Rss, samples[1].Rss, samples[3].Rss);
        var perTrial = (hundred - ten) / 90.0;
        var dataCopies = (ten - idle - 10 * perTrial) / dataBytes;
        output.WriteLine(F($"- per running trial: (RSS at 100 − RSS at 10) ÷ 90 = {perTrial / 1024:F0} KB; its parameters, gradient and Adam moments are {TrialBytes / 1024.0:F0} KB ({Parameters:N0} floats × 4), so {(perTrial - TrialBytes) / 1024:F0} KB beyond them (goal ≤ 2 MB)."));
        output.WriteLine(F($"- the data set: MNIST as the engine holds it (dense floats, labels and its sparse copy) is {dataBytes / 1048576.0:F1} MB; RSS at 10 − idle − 10 trials = {(ten - idle - 10 * perTrial) / 1048576.0:F1} MB, at most {dataCopies:F2} copies' worth (the first trials also bring in code and runtime state), and RSS at 100 is {(hundred - idle) / (double)dataBytes:F1} data sets above idle: one copy per silo, where a copy per trial would be {100 * dataBytes / 1048576.0:N0} MB."));
        output.WriteLine();
    }

    /// <summary>The bundled MNIST's size in memory: its floats and labels, and the sparse rows (CSR) the softmax reads.</summary>
    private static long MnistBytes()
    {
        var mnist = DataLoader.Mnist();
        var nonZeros = mnist.X.Count(x => x != 0);
        return 4L * mnist.X.Length + 4L * mnist.Rows + (4L + 4L) * nonZeros + 4L * (mnist.Rows + 1);
    }

    /// <summary>The median of five VmRSS readings a second apart: one reading may fall just before or after a GC.</summary>
    private static async Task<long> SampleRssAsync(SiloProcess silo)
    {
        var readings = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            readings.Add(silo.Memory().Resident);
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return (long)Percentiles.Median(readings);
    }

    private static async Task<int> RunningAsync(SiloProcess silo) => (int)new MetricsText(await silo.ScrapeAsync()).Sum("sweep_trials_running");

    private static async Task WaitRunningAsync(SiloProcess silo, Func<int, bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done(await RunningAsync(silo)))
        {
            if (clock.Elapsed > Patience) throw new TimeoutException($"not {what} within {Patience.TotalMinutes:0} min: {await RunningAsync(silo)} running.");
            await Task.Delay(500);
        }
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
