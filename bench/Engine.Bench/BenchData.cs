using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Bench;

/// <summary>The digits the benchmark trains on: 8,000 training rows and 2,000 held-out rows of one data set.</summary>
internal static class BenchData
{
    public const int TrainRows = 8000;
    public const int ValidationRows = 2000;

    // ============================================================================================================
    // STAND-IN, TO BE SWAPPED BY THE INTEGRATOR: replace the body of this one function with the bundled real MNIST
    // loader (10,000 rows, 784 features in [0, 1], labels 0–9) once it lands in src/Engine/Data.
    // ============================================================================================================
    /// <summary>MNIST-shaped synthetic digits: 10,000 × 784 in [0, 1], ~19% non-zero, 10 learnable classes.</summary>
    public static Dataset LoadDigits()
    {
        const int rows = TrainRows + ValidationRows, side = 28, features = side * side, classes = 10;
        var random = new Random(20240601);
        // Each class is a set of ~210 pixels of the central 20×20 square (MNIST's ink stays there); a digit is its class's
        // set shifted by up to 1 pixel each way, keeps each pixel with probability 0.6 and adds ~25 stray pixels:
        // ~150 non-zeros of 784 ≈ 19%, and classes that overlap enough that accuracy is not trivially 1.
        var prototypes = new int[classes][];
        for (int c = 0; c < classes; c++)
            prototypes[c] = Enumerable.Range(0, 400).Where(_ => random.NextDouble() < 0.525)
                .Select(i => (4 + i / 20) * side + 4 + i % 20).ToArray();
        var x = new float[rows * features];
        var labels = new int[rows];
        for (int r = 0; r < rows; r++)
        {
            int c = random.Next(classes), shift = (random.Next(3) - 1) * side + random.Next(3) - 1;
            labels[r] = c;
            var row = x.AsSpan(r * features, features);
            foreach (int pixel in prototypes[c])
                if (random.NextDouble() < 0.6) row[pixel + shift] = Grey(random);
            for (int s = 0; s < 25; s++)
                row[(2 + random.Next(24)) * side + 2 + random.Next(24)] = Grey(random);
        }
        return new Dataset("mnist-like (synthetic)", rows, features, x, labels, null, classes);
    }

    // MNIST's 256 grey levels, with about half the ink saturated as in the real digits.
    private static float Grey(Random random) => random.NextDouble() < 0.5 ? 1f : random.Next(1, 255) / 255f;
}
