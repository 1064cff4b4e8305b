using System.Diagnostics;
using System.Runtime.Intrinsics;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Models;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Spec;

using SweepCluster.Engine.Bench;

if (args is ["search"]) { SearchTimings.Run(Console.Out); return 0; }
if (args is ["tpe"]) { TpeTimings.Run(Console.Out); return 0; }
if (args is ["driver", ..]) { DriverFootprint.Run(args, Console.Out); return 0; }
if (args is ["quality", ..]) { SearchQuality.Run(args, Console.Out); return 0; }
if (args is ["objective", var objectiveName]) { ObjectiveServer.Run(objectiveName, Console.In, Console.Out); return 0; }
if (args is ["warmup", ..]) { WarmupTimings.Compare(args, Console.Out); return 0; }
if (args is ["warmup-child", ..]) { WarmupTimings.Child(args, Console.Out); return 0; }

if (args is ["optimizers"])
{
    OptimizerTimings.Run(Console.Out);
    return 0;
}

// One thread, one model at a time: median ms per epoch after warm-up. The CPU
// column is the process's CPU time, which stays honest when other processes share the cores (wall time does not).
// dotnet run -c Release --project bench/Engine.Bench [-- --warmup 3 --epochs 9 --only mlp-sgd-b64 | --kernels]
int warmup = Option("--warmup", 3), measured = Option("--epochs", 9);
string? only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();

var split = BenchData.LoadDigits();
var data = split.Train;
int[] train = split.TrainRows;
if (args.Contains("--kernels"))
{
    KernelTimings.Run(data, train.OrderBy(i => (i * 7919) % BenchData.TrainRows).ToArray());
    return 0;
}
int[] validation = split.ValidationRows;
var mlp = new MlpModelSpec([128]);
Scenario[] scenarios =
[
    // The last two numbers: the project's goal, and PyTorch 1.13 + OpenBLAS on one thread, in ms/epoch.
    new("softmax-sgd-b64", "softmax b64 SGD", new SoftmaxModelSpec(), 64, Adam: false, 0.1f, 4, 17.3),
    new("mlp-sgd-b64", "MLP 784-128-10 SGD b64", mlp, 64, Adam: false, 0.1f, 20, 60.7),
    new("mlp-sgd-b256", "MLP SGD b256", mlp, 256, Adam: false, 0.1f, null, 39.8),
    new("mlp-sgd-full", "MLP SGD full batch", mlp, BenchData.TrainRows, Adam: false, 0.5f, null, 31.7),
    new("mlp-adam-b64", "MLP Adam b64", mlp, 64, Adam: true, 1e-3f, 25, 107),
];

Console.WriteLine($"# Engine benchmark: {data.Name}, {train.Length} training rows × {data.Features} features, one thread");
Console.WriteLine($"{Environment.Version} · {CpuName()} · {Environment.ProcessorCount} cores · kernels {Simd.Best} " +
                  $"(Vector512 accelerated: {Vector512.IsHardwareAccelerated}) · load average {LoadAverage()} · " +
                  $"warm-up {warmup}, measured {measured} epochs");
Console.WriteLine();
Console.WriteLine("| scenario | first epoch ms | median ms/epoch | min ms | median CPU ms | goal ms | PyTorch+OpenBLAS ms | allocated B/epoch | train loss | validation acc |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var s in scenarios.Where(s => only is null || s.Id == only))
{
    var r = Run(s);
    Console.WriteLine($"| {s.Title} | {r.First:F1} | {r.Median:F2} | {r.Min:F2} | {r.MedianCpu:F2} | {(s.Goal is { } g ? g.ToString() : "")} | {s.PyTorch} | " +
                      $"{r.AllocatedPerEpoch:N0} | {r.TrainLoss:F4} | {r.Accuracy:F4} |");
}
Console.WriteLine();
Console.WriteLine($"load average after: {LoadAverage()}");
return 0;

Result Run(Scenario s)
{
    var model = ModelFactory.Create(s.Spec, data, s.BatchSize);
    // Cache-line-aligned vectors, as the trainer should allocate them: Vector512 loads then touch one line, not two.
    var parameters = AlignedMemory.Allocate<float>(model.ParameterCount);
    var gradient = AlignedMemory.Allocate<float>(model.ParameterCount);
    model.Initialize(parameters.Span, seed: 1);
    OptimizerSpec optimizerSpec = s.Adam ? new AdamSpec { LearningRate = s.LearningRate } : new SgdSpec { LearningRate = s.LearningRate };
    var optimizer = OptimizerFactory.Create<float>(optimizerSpec, parameters.Length);
    var order = (int[])train.Clone();
    var shuffle = new Random(7);
    var times = new List<double>();
    var cpu = new List<double>();
    long allocated = 0;
    double lastLoss = double.NaN;
    for (int epoch = 0; epoch < warmup + measured; epoch++)
    {
        shuffle.Shuffle(order);
        var cpuStart = Environment.CpuUsage.TotalTime;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        double sum = 0;
        int batches = 0;
        for (int b = 0; b < order.Length; b += s.BatchSize, batches++)
        {
            var rows = order.AsSpan(b, Math.Min(s.BatchSize, order.Length - b));
            sum += model.LossAndGradient(parameters.Span, data, rows, gradient.Span);
            optimizer.Step(parameters.Span, gradient.Span, s.LearningRate);
        }
        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        long epochBytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        cpu.Add((Environment.CpuUsage.TotalTime - cpuStart).TotalMilliseconds);
        if (epoch >= warmup) allocated += epochBytes;
        times.Add(ms);
        lastLoss = sum / batches;
    }
    var timed = times.Skip(warmup).Order().ToArray();
    var cpuTimed = cpu.Skip(warmup).Order().ToArray();
    var evaluation = model.Evaluate(parameters.Span, data, validation);
    return new Result(times[0], timed[timed.Length / 2], timed[0], cpuTimed[cpuTimed.Length / 2], allocated / measured, lastLoss, evaluation.Accuracy);
}

int Option(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
}

static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

static string CpuName() => File.Exists("/proc/cpuinfo")
    ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name"))?.Split(':')[1].Trim() ?? "cpu"
    : "cpu";

internal sealed record Scenario(string Id, string Title, ModelSpec Spec, int BatchSize, bool Adam, float LearningRate, int? Goal, double PyTorch);

internal sealed record Result(double First, double Median, double Min, double MedianCpu, long AllocatedPerEpoch, double TrainLoss, double Accuracy);
