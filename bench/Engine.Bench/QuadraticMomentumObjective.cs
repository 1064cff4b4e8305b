using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Bench;

/// <summary>
/// The loss of heavy-ball SGD (PyTorch's update: v ← μv + g, x ← x − ηv) on ½ Σ λᵢxᵢ² with λ = 1, 10, 100 after
/// <see cref="Steps"/> steps from x = 1, as log₁₀ of its ratio to the starting loss, over (η, momentum). The optimum is
/// known: Polyak's η = 4/(√L + √μ)², momentum ((√κ − 1)/(√κ + 1))². A run whose loss grew past 1,000× scores 3.
/// </summary>
internal sealed class QuadraticMomentumObjective : IQualityObjective
{
    public const int Steps = 50;
    public const double Worst = 3;
    private static readonly double[] Eigenvalues = [1, 10, 100];

    public string Name => "quadratic";

    public SearchSpace Space { get; } = new(
        new FloatDimension("learningRate", 1e-4, 1, log: true),
        new FloatDimension("optimizer.momentum", 0, 0.99));

    public double Evaluate(IReadOnlyDictionary<string, ParameterValue> configuration)
    {
        double eta = configuration["learningRate"].Number, mu = configuration["optimizer.momentum"].Number;
        double start = 0, end = 0;
        foreach (var lambda in Eigenvalues)
        {
            double x = 1, v = 0;
            start += 0.5 * lambda * x * x;
            for (int t = 0; t < Steps; t++)
            {
                v = mu * v + lambda * x;
                x -= eta * v;
            }
            end += 0.5 * lambda * x * x;
        }
        double value = Math.Log10(end / start);
        return double.IsFinite(value) ? Math.Min(value, Worst) : Worst;
    }
}
