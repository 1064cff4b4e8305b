using System.Diagnostics;
using SweepCluster.Engine.Optimizers;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// µs per optimizer step over the MLP's 101,770 float parameters (784·128 + 128 + 128·10 + 10), median of 31 runs
/// of 500 steps, at each vector width. Run: dotnet run -c Release --project bench/Engine.Bench -- optimizers
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
        var widths = new[] { 512, 256 }.Where(bits => bits <= Elementwise.MaxVectorBits).ToArray();
        var original = Elementwise.MaxVectorBits;
        foreach (var bits in widths)
        {
            Elementwise.MaxVectorBits = bits;
            foreach (var (name, spec) in specs)
                output.WriteLine($"{bits}-bit  {name,-28} {Median(spec, dense: true),7:F1} µs/step");
        }
        Elementwise.MaxVectorBits = original;
        // Rarely active inputs (MNIST's border pixels): each parameter gets a gradient once every 1,000 steps, so ~15% of
        // Adam's first moments are always passing through the subnormal range unless flushed. eps below 1e-12 turns
        // the flush off, which shows what it saves.
        output.WriteLine($"adam, rare gradients, flushed (eps 1e-8)     {Median(new AdamSpec(), dense: false),7:F1} µs/step");
        output.WriteLine($"adam, rare gradients, unflushed (eps 1e-13)  {Median(new AdamSpec(Eps: 1e-13), dense: false),7:F1} µs/step");
    }

    private static double Median(OptimizerSpec spec, bool dense)
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
        var samples = new double[31];
        for (var r = 0; r < samples.Length; r++)
        {
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < 500; i++, step++)
                Step(optimizer, parameters, gradient, step, dense);
            samples[r] = watch.Elapsed.TotalMicroseconds / 500;
        }
        Array.Sort(samples);
        return samples[samples.Length / 2];
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
