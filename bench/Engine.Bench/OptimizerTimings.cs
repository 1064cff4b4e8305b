using System.Diagnostics;
using SweepCluster.Engine.Kernels;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// µs per optimizer step over the MLP's 101,770 float parameters (784·128 + 128 + 128·10 + 10), over 31 runs of
/// 500 steps at each vector width: the median and the fastest run by the clock, and the median in process CPU time,
/// which stays honest when other processes share the cores. Run: dotnet run -c Release --project bench/Engine.Bench -- optimizers
/// </summary>
internal static class OptimizerTimings
{
    private const int Parameters = 101_770;

    public static void Run(TextWriter output)
    {
        var specs = new (string Name, OptimizerSpec Spec)[]
        {
            ("sgd", new SgdSpec()),
            ("sgd momentum 0.9", new SgdSpec(Momentum: 0.9)),
            ("sgd nesterov + wd", new SgdSpec(Momentum: 0.9, Nesterov: true) { WeightDecay = 1e-4 }),
            ("adagrad", new AdagradSpec()),
            ("rmsprop", new RmsPropSpec()),
            ("rmsprop centered momentum", new RmsPropSpec(Momentum: 0.9, Centered: true)),
            ("adam", new AdamSpec()),
            ("adamw amsgrad", new AdamWSpec(Amsgrad: true) { WeightDecay = 0.01 }),
            ("adadelta", new AdadeltaSpec()),
        };
        var widths = new[] { SimdWidth.V512, SimdWidth.V256 }.Where(Simd.IsSupported).ToArray();
        var original = StepWidth.Widest;
        foreach (var width in widths)
        {
            StepWidth.Widest = width;
            foreach (var (name, spec) in specs)
                output.WriteLine($"{(int)width * 32}-bit  {name,-28} {Measure(spec, dense: true)}");
        }
        StepWidth.Widest = original;
        // Rarely active inputs (MNIST's border pixels): each parameter gets a gradient once every 1,000 steps, so ~15% of
        // Adam's first moments are always passing through the subnormal range unless flushed. eps below 1e-12 turns
        // the flush off, which shows what it saves.
        output.WriteLine($"adam, rare gradients, flushed (eps 1e-8)     {Measure(new AdamSpec(), dense: false)}");
        output.WriteLine($"adam, rare gradients, unflushed (eps 1e-13)  {Measure(new AdamSpec(Eps: 1e-13), dense: false)}");
    }

    private static string Measure(OptimizerSpec spec, bool dense)
    {
        var random = new Random(1);
        var parameters = new float[Parameters];
        var gradient = new float[Parameters];
        for (var i = 0; i < Parameters; i++)
        {
            parameters[i] = (float)(random.NextDouble() - 0.5);
            gradient[i] = (float)(random.NextDouble() - 0.5) * 1e-2f;
        }
        var optimizer = OptimizerFactory.Create<float>(spec, Parameters);
        if (!dense)
            gradient.AsSpan().Clear();
        // At least 3,000 steps and half a second, so the rarely-active moments reach their steady state and tiered
        // compilation has promoted the kernel (its background thread is slow on a busy machine).
        var step = 0;
        var warmup = Stopwatch.StartNew();
        for (; step < 3_000 || warmup.ElapsedMilliseconds < 500; step++)
            Step(optimizer, parameters, gradient, step, dense);
        var wall = new double[31];
        var cpu = new double[wall.Length];
        for (var r = 0; r < wall.Length; r++)
        {
            var cpuStart = Environment.CpuUsage.TotalTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 500; i++, step++)
                Step(optimizer, parameters, gradient, step, dense);
            wall[r] = watch.Elapsed.TotalMicroseconds / 500;
            cpu[r] = (Environment.CpuUsage.TotalTime - cpuStart).TotalMicroseconds / 500;
        }
        Array.Sort(wall);
        Array.Sort(cpu);
        return $"{wall[wall.Length / 2],7:F1} µs/step  min {wall[0],6:F1}  CPU {cpu[cpu.Length / 2],6:F1}";
    }

    private static void Step(IOptimizer<float> optimizer, float[] parameters, float[] gradient, int step, bool dense)
    {
        if (!dense)
        {
            for (var i = (step + 999) % 1000; i < gradient.Length; i += 1000)
                gradient[i] = 0;
            for (var i = step % 1000; i < gradient.Length; i += 1000)
                gradient[i] = 1e-3f;
        }
        optimizer.Step(parameters, gradient, 1e-3);
    }
}
