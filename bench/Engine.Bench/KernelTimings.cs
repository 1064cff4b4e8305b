using System.Diagnostics;
using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// `--kernels`: the per-non-zero cost of each layer kernel on MNIST-shaped work (784 + 1 inputs, ~150 non-zeros a
/// row, 64-row chunks), best of several repetitions so that other processes on the cores matter less. Vectors are
/// 64-byte aligned; UNALIGNED=1 uses plain arrays instead, to see what alignment is worth.
/// </summary>
internal static class KernelTimings
{
    public static void Run(Data.Dataset digits, int[] train)
    {
        Stages(digits, train);
        Console.WriteLine();
        Run(785, 150);
        Console.WriteLine();
        Console.WriteLine("Same with 60 inputs (weights resident in L1, for comparison):");
        Run(60, 40);
    }

    private static void Run(int inputs, int perRow)
    {
        const int rows = 64;
        var random = new Random(3);
        var starts = new int[rows + 1];
        var indices = new int[rows * perRow];
        var values = new float[rows * perRow];
        for (int r = 0; r < rows; r++)
        {
            var chosen = Enumerable.Range(0, inputs).OrderBy(_ => random.Next()).Take(perRow).Order().ToArray();
            chosen.CopyTo(indices, r * perRow);
            starts[r + 1] = (r + 1) * perRow;
        }
        for (int i = 0; i < values.Length; i++) values[i] = random.NextSingle();
        int entries = rows * perRow;

        Console.WriteLine("| kernel | outputs | ns per non-zero | ns per 64-row chunk |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (int n in inputs > 100 ? new[] { 128, 10 } : new[] { 128 })
        {
            var w = Aligned(inputs * n, Environment.GetEnvironmentVariable("UNALIGNED") != "1");
            for (int i = 0; i < w.Count; i++) w[i] = random.NextSingle() - 0.5f;
            var y = Aligned(rows * n, Environment.GetEnvironmentVariable("UNALIGNED") != "1");
            var g = Aligned(inputs * n, Environment.GetEnvironmentVariable("UNALIGNED") != "1");
            var columnStarts = new int[inputs + 1];
            var columnRows = new int[entries];
            var columnValues = new float[entries];

            Report("forward: SparseVectorMatrix.MultiplyAdd", n, entries, Time(() =>
            {
                for (int r = 0; r < rows; r++)
                    SparseVectorMatrix.MultiplyAdd(indices.AsSpan(starts[r], perRow), values.AsSpan(starts[r], perRow), w, y.AsSpan(r * n, n));
            }));
            Report("dW row-wise: SparseOuterProduct.Add", n, entries, Time(() =>
            {
                for (int r = 0; r < rows; r++)
                    SparseOuterProduct.Add(indices.AsSpan(starts[r], perRow), values.AsSpan(starts[r], perRow), y.AsSpan(r * n, n), g);
            }));
            Report("dW by column: SparseTranspose.ToColumns", n, entries, Time(() =>
                SparseTranspose.ToColumns(starts, indices, values, columnStarts, columnRows, columnValues)));
            Report("dW by column: SparseColumnProduct.Add", n, entries, Time(() =>
                SparseColumnProduct.Add(columnStarts, columnRows, columnValues, y, g)));
        }
    }

    /// <summary>A pinned array's 64-byte-aligned window when asked, else a plain array (16-byte aligned at best).</summary>
    private static unsafe ArraySegment<float> Aligned(int length, bool aligned)
    {
        if (!aligned) return new float[length];
        var array = GC.AllocateArray<float>(length + 16, pinned: true);
        fixed (float* p = array)
        {
            int skip = (int)((64 - ((nint)p & 63)) & 63) / sizeof(float);
            return new ArraySegment<float>(array, skip, length);
        }
    }

    /// <summary>Best epoch (ms) of: forward only (Loss), forward + backward (LossAndGradient), and with the SGD update.</summary>
    private static void Stages(Data.Dataset digits, int[] train)
    {
        Console.WriteLine("| model, batch 64 | Loss only ms/epoch | LossAndGradient ms/epoch | + SGD update ms/epoch |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var (name, spec) in new (string, Spec.ModelSpec)[] { ("softmax", new Spec.SoftmaxModelSpec()), ("mlp 784-128-10", new Spec.MlpModelSpec([128])) })
        {
            var model = Models.ModelFactory.Create(spec, digits, 64);
            var p = AlignedMemory.Allocate<float>(model.ParameterCount);
            var g = AlignedMemory.Allocate<float>(model.ParameterCount);
            model.Initialize(p.Span, 1);
            var sgd = Optimizers.OptimizerFactory.Create<float>(new Spec.SgdSpec { LearningRate = 0.01 }, model.ParameterCount);
            double Epoch(int stage)
            {
                long start = Stopwatch.GetTimestamp();
                for (int b = 0; b < train.Length; b += 64)
                {
                    var rows = train.AsSpan(b, Math.Min(64, train.Length - b));
                    if (stage == 0) model.Loss(p.Span, digits, rows);
                    else model.LossAndGradient(p.Span, digits, rows, g.Span);
                    if (stage == 2) sgd.Step(p.Span, g.Span, 0.01);
                }
                return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            var best = new double[3];
            for (int stage = 0; stage < 3; stage++)
                best[stage] = Enumerable.Range(0, 12).Select(_ => Epoch(stage)).Skip(3).Min();
            Console.WriteLine($"| {name} | {best[0]:F2} | {best[1]:F2} | {best[2]:F2} |");
        }
    }

    private static double Time(Action action)
    {
        for (int i = 0; i < 5; i++) action();
        double best = double.MaxValue;
        for (int i = 0; i < 40; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds * 1000);
        }
        return best;
    }

    private static void Report(string kernel, int n, int entries, double ns) =>
        Console.WriteLine($"| {kernel} | {n} | {ns / entries:F2} | {ns / 1000:F1} µs |");
}
