using SweepCluster.Engine.Kernels;

namespace SweepCluster.Engine.Tests.Kernels;

/// <summary>Every code path this machine can run (a width it lacks falls back, and is then tested as the narrower one).</summary>
internal static class Widths
{
    public static readonly int[] OddSizes = [1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 16, 17, 31, 33, 48, 63, 64, 65, 100, 127, 128, 130, 143, 200, 784];

    public static TheoryData<SimdWidth, int> BySize()
    {
        var data = new TheoryData<SimdWidth, int>();
        foreach (var width in Enum.GetValues<SimdWidth>())
            foreach (int n in OddSizes)
                data.Add(width, n);
        return data;
    }

    /// <summary>Values with exact zeros, −0, and a spread of magnitudes.</summary>
    public static float[] Sparse(Random random, int n, double zeroFraction = 0.5) =>
        Enumerable.Range(0, n).Select(_ => random.NextDouble() switch
        {
            var u when u < zeroFraction * 0.9 => 0f,
            var u when u < zeroFraction => -0f,
            _ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-3, 3))),
        }).ToArray();

    public static float[] Dense(Random random, int n) =>
        Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
}
