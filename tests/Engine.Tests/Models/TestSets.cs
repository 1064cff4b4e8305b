using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Models;

/// <summary>Small seeded data sets with exact zeros in the features, as MNIST rows have.</summary>
internal static class TestSets
{
    public static Dataset Classification(int rows, int features, int classes, int seed, double zeroFraction = 0.5)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, rows).Select(_ => random.Next(classes)).ToArray();
        return new Dataset($"classification-{seed}", rows, features, Features(random, rows * features, zeroFraction), labels, null, classes);
    }

    public static Dataset Regression(int rows, int features, int seed, double zeroFraction = 0.5)
    {
        var random = new Random(seed);
        var x = Features(random, rows * features, zeroFraction);
        var w = Enumerable.Range(0, features).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var targets = new float[rows];
        for (int r = 0; r < rows; r++)
        {
            double z = 0.3;
            for (int k = 0; k < features; k++) z += w[k] * x[r * features + k];
            targets[r] = (float)(z + 0.1 * (random.NextDouble() - 0.5));
        }
        return new Dataset($"regression-{seed}", rows, features, x, null, targets, 0);
    }

    public static float[] RandomParameters(int count, int seed, float scale = 0.5f)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    public static int[] AllRows(Dataset data) => Enumerable.Range(0, data.Rows).ToArray();

    private static float[] Features(Random random, int count, double zeroFraction) =>
        Enumerable.Range(0, count).Select(_ => random.NextDouble() < zeroFraction ? 0f : (float)random.NextDouble()).ToArray();
}
